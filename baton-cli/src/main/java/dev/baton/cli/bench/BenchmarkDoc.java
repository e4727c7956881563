package dev.baton.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md, which several benchmarks write: each only inside its own "## " section. */
public final class BenchmarkDoc {
  private BenchmarkDoc() {}

  /** Adds the text at the end of {@code section} (a "## " heading), creating the file or the section if needed. */
  public static void append(Path file, String section, String text) throws IOException {
    String doc = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
    int start = doc.indexOf("\n" + section + "\n");
    if (start < 0) {
      doc = doc.stripTrailing() + "\n\n" + section + "\n" + text;
    } else {
      int next = doc.indexOf("\n## ", start + section.length() + 1);
      int at = next < 0 ? doc.length() : next;
      doc = doc.substring(0, at).stripTrailing() + "\n" + text + doc.substring(at);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, doc);
  }

  /** The machine's 1-minute load average, for the context of a run on a shared machine. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
