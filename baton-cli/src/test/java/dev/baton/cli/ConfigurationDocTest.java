package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names each default's constant; the documented value must be the constant's. */
class ConfigurationDocTest {
  private static final Pattern ROW = Pattern.compile("^\\|[^|]*\\| `([^`]*)` \\| `(dev\\.baton\\.[\\w.]+)\\.([A-Z_]+)` \\|");

  @Test
  void everyDocumentedDefaultIsTheConstantsValue() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "configuration.md"));
    int checked = 0;
    for (String line : lines) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        Field f = Class.forName(m.group(2)).getField(m.group(3));
        assertThat(String.valueOf(f.get(null))).as(m.group(2) + "." + m.group(3)).isEqualTo(m.group(1));
        checked++;
      }
    }
    assertThat(checked).as("rows checked").isGreaterThan(20);
  }
}
