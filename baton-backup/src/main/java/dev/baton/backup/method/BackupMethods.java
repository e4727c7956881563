package dev.baton.backup.method;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the backup method for a distribution: on MariaDB mariadb-backup; on MySQL and Percona
 * XtraBackup when it is installed, otherwise the CLONE plugin; a logical dump when no physical
 * tool is there. Tools are found beside the server's client or on PATH.
 */
public final class BackupMethods {
  private static final Logger log = LoggerFactory.getLogger(BackupMethods.class);

  private final ServerDistribution dist;
  private final Map<String, String> env;

  public BackupMethods(ServerDistribution dist, Map<String, String> env) {
    this.dist = dist;
    this.env = Map.copyOf(env);
  }

  /** The preferred method here; says in the log which better one was skipped and why. */
  public BackupMethod preferred() {
    return switch (dist.flavor()) {
      case MARIADB -> mariadbBackup().map(BackupMethod.class::cast).orElseGet(() -> {
        log.info("mariadb-backup or mbstream not found beside {} or on PATH: using a logical dump", dist.client());
        return LogicalDumpMethod.of(dist);
      });
      case MYSQL -> xtrabackup().map(BackupMethod.class::cast).orElseGet(() -> {
        log.info("xtrabackup or xbstream not on PATH: using MySQL's CLONE plugin (full backups only)");
        return new CloneMethod();
      });
    };
  }

  /** The method that restores backups made by {@code name}; refuses one whose tools are not here. */
  public BackupMethod named(BackupMethodName name) {
    Optional<? extends BackupMethod> m = switch (name) {
      case MARIADB_BACKUP -> dist.flavor() == Flavor.MARIADB ? mariadbBackup() : Optional.empty();
      case XTRABACKUP -> dist.flavor() == Flavor.MYSQL ? xtrabackup() : Optional.empty();
      case CLONE -> dist.flavor() == Flavor.MYSQL ? Optional.of(new CloneMethod()) : Optional.empty();
      case LOGICAL -> Optional.of(LogicalDumpMethod.of(dist));
    };
    return m.orElseThrow(() -> new BackupRefusedException("the " + name + " method is not available for "
        + dist.flavor() + " here: its tools are not installed beside " + dist.client() + " or on PATH"));
  }

  private Optional<XbstreamMethod> mariadbBackup() {
    return tool("mariadb-backup").flatMap(backup -> tool("mbstream").map(stream ->
        new XbstreamMethod(BackupMethodName.MARIADB_BACKUP, dist.command(backup), dist.command(stream))));
  }

  private Optional<XbstreamMethod> xtrabackup() {
    return onPath("xtrabackup").flatMap(backup -> onPath("xbstream").map(stream ->
        new XbstreamMethod(BackupMethodName.XTRABACKUP, List.of(backup.toString()),
            List.of(stream.toString()))));
  }

  private Optional<Path> tool(String name) {
    Path sibling = dist.client().toAbsolutePath().resolveSibling(name);
    return Files.isExecutable(sibling) ? Optional.of(sibling) : onPath(name);
  }

  private Optional<Path> onPath(String name) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
        .filter(Files::isExecutable).findFirst();
  }
}
