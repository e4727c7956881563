package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.bench.BenchmarkDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark touches only its own section of docs/benchmarks.md. */
class BenchReportTest {
  @TempDir
  Path dir;

  @Test
  void createsTheFileAndTheSectionThenAppendsInsideItOnly() throws Exception {
    Path doc = dir.resolve("docs/benchmarks.md");
    BenchmarkDoc.append(doc, "## Backups", "\n### run 1\n");
    assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n## Backups\n\n### run 1\n");
    Files.writeString(doc, Files.readString(doc) + "\n## Failover\n\n### someone else's run\n");
    BenchmarkDoc.append(doc, "## Backups", "\n### run 2\n");
    assertThat(Files.readString(doc)).isEqualTo(
        "# Benchmarks\n\n## Backups\n\n### run 1\n\n### run 2\n\n## Failover\n\n### someone else's run\n");
  }

  @Test
  void addsTheSectionAfterOthers() throws Exception {
    Path doc = Files.writeString(dir.resolve("b.md"), "# Benchmarks\n\n## Router\n\nfast\n");
    BenchmarkDoc.append(doc, "## Backups", "\n### run\n");
    assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n## Router\n\nfast\n\n## Backups\n\n### run\n");
  }
}
