package dev.baton.cli;

import dev.baton.agent.local.ClusterDirectory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --dir} option every command that acts on a local cluster takes. */
public final class ClusterDirOption {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "Cluster directory (default: $XDG_DATA_HOME/baton/local, i.e. ~/.local/share/baton/local).")
  Path dir;

  public ClusterDirectory directory() {
    return new ClusterDirectory(dir != null ? dir : defaultDir());
  }

  static Path defaultDir() {
    Path dataHome = Optional.ofNullable(System.getenv("XDG_DATA_HOME")).filter(s -> !s.isBlank()).map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".local", "share"));
    return dataHome.resolve("baton").resolve("local");
  }
}
