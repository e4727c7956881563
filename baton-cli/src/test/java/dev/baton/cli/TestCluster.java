package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A 3-node cluster that 'baton up' made in a new temporary directory, shared by one test class.
 * {@link #close} stops it and then kills whatever it left running, also after a failed test or a
 * failed 'up'. The directory stays for a look at the logs.
 */
final class TestCluster implements AutoCloseable {
  private final Path root;
  private final Path dir;
  private final CliRun up;

  private TestCluster(Path root, CliRun up) {
    this.root = root;
    this.dir = root.resolve("cluster");
    this.up = up;
  }

  /** @param options more options of 'baton up' */
  static TestCluster up(String prefix, Flavor flavor, String... options) throws IOException {
    Path root = Files.createTempDirectory(prefix);
    List<String> args = new ArrayList<>(List.of("up", "--flavor", flavor.id()));
    args.addAll(List.of(options));
    TestCluster cluster = new TestCluster(root, CliRun.baton(root.resolve("cluster"), args.toArray(String[]::new)));
    if (cluster.up.exitCode() != 0) {
      cluster.close();
    }
    assertThat(cluster.up.exitCode()).as("baton up: %s %s", cluster.up.out(), cluster.up.err()).isZero();
    return cluster;
  }

  /** The directory made for the test, which holds the cluster's own directory and room for more. */
  Path root() {
    return root;
  }

  /** The cluster's directory, for --dir. */
  Path dir() {
    return dir;
  }

  /** What 'baton up' printed. */
  String upOutput() {
    return up.out();
  }

  String password(String user) {
    CliRun pw = CliRun.baton(dir, "credentials", user);
    assertThat(pw.exitCode()).as(pw.err()).isZero();
    return pw.out().trim();
  }

  @Override
  public void close() {
    try {
      CliRun.baton(dir, "down");
    } finally {
      ProcessCleanup.killAllUnder(root);
      keepOnlyLogs(root);
    }
  }

  /**
   * Removes a test cluster's data (about 0.5 GB) but keeps its logs for a failure's post-mortem:
   * without this, every run of the ITs left its clusters in /tmp until the disk filled.
   */
  static void keepOnlyLogs(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> entries = Files.list(p)) {
            if (entries.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        } else if (!p.getFileName().toString().endsWith(".log")) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      System.err.println("could not remove the test cluster's data under " + root + ": " + e);
    }
  }
}
