package dev.baton.backup.binlog;

import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The flavor's binlog tool, shipped beside its client: mysqlbinlog (MySQL, Percona) or mariadb-binlog. */
public final class BinlogTool {
  private BinlogTool() {}

  public static Path path(ServerDistribution dist) {
    Path tool = dist.client().toAbsolutePath().resolveSibling(dist.flavor() == Flavor.MYSQL ? "mysqlbinlog" : "mariadb-binlog");
    if (!Files.isExecutable(tool)) {
      throw new BackupRefusedException("the binlog tool " + tool + " is missing beside the " + dist.flavor()
          + " client: install the server's client package");
    }
    return tool;
  }

  public static List<String> command(ServerDistribution dist, List<String> args) {
    return dist.command(path(dist), args.toArray(String[]::new));
  }
}
