package dev.baton.backup.pitr;

import dev.baton.backup.Backups;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.Directories;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.sql.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a cluster to a point in time into a new instance directory: the newest backup before
 * the target (with its incrementals), then the archived binlogs up to the target, replayed into a
 * server started on the restored data. Every refusal (no backup before the target, a target
 * outside the window, a gap on the way, a directory that is not empty) happens before anything is
 * written; a restore that fails later empties the directory it was given, which was empty.
 */
public final class PointInTimeRestore {
  private static final Logger log = LoggerFactory.getLogger(PointInTimeRestore.class);

  private final Backups backups;
  private final BinlogArchive archive;
  private final ServerDistribution dist;
  private final Map<String, String> env;

  public PointInTimeRestore(Backups backups, BinlogArchive archive, ServerDistribution dist, Map<String, String> env) {
    this.backups = backups;
    this.archive = archive;
    this.dist = dist;
    this.env = Map.copyOf(env);
  }

  /**
   * What was restored.
   *
   * @param running the restored server's address when it was left running
   * @param gtids what the restored server holds (its gtid_executed, or gtid_binlog_pos on MariaDB)
   */
  public record Result(Manifest backup, int piecesReplayed, GtidState gtids, InstanceLayout layout,
      Optional<InstanceAddress> running, Duration restoreTime, Duration replayTime) {}

  /**
   * @param targetDir the new instance directory (its data in {@code targetDir/data}); must be empty or absent
   * @param port leave the server running on this port; empty to stop it once restored
   * @param rootPassword root's password in the backup's grant tables
   * @param workDir scratch space for unpacked incrementals and downloaded binlogs, emptied afterwards
   */
  public Result restore(RestoreTarget target, Optional<BackupId> backup, Path targetDir, Optional<Integer> port,
      String rootPassword, Path workDir) throws IOException, InterruptedException {
    if (!Directories.isAbsentOrEmpty(targetDir)) {
      throw new BackupRefusedException("restore target " + targetDir + " is not empty: give an empty or new directory");
    }
    Flavor flavor = dist.flavor();
    List<Manifest> complete = backups.list().stream().filter(CatalogEntry::complete)
        .flatMap(e -> e.manifest().stream()).toList();
    complete.stream().filter(m -> m.flavor() != flavor).findFirst().ifPresent(m -> {
      throw new BackupRefusedException("backup " + m.id() + " is of a " + m.flavor() + " server; this restore runs "
          + flavor);
    });
    BinlogArchive.Listing listing = archive.list();
    PitrPlan plan = PitrPlanner.plan(complete, ArchiveTimeline.of(flavor, listing), target,
        backup);
    log.info("restoring {} to {}: backup {} then {} binlog pieces", archive.cluster(), target, plan.backup().id(),
        plan.pieces().size());
    InstanceLayout layout = new InstanceLayout(targetDir);
    Path work = Files.createDirectories(workDir.resolve("pitr-" + plan.backup().id()));
    boolean done = false;
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(layout.dir());
      backups.restore(plan.backup().id(), new BackupMethods(dist, env).named(plan.backup().method()), layout.dataDir(),
          work);
      Path binlogs = Files.createDirectories(work.resolve("binlogs"));
      List<Path> files = ReplayFiles.prepare(archive, flavor, plan.pieces(), plan.cut(), binlogs);
      long t1 = System.nanoTime();
      Result result;
      try (RestoredServer server = RestoredServer.startForReplay(dist, layout, port, rootPassword, work)) {
        GtidState skip = flavor == Flavor.MYSQL ? new GtidState(flavor, server.sql(List.of(
            "SELECT @@GLOBAL.gtid_executed")).replace("\\n", "")) : new GtidState(flavor, plan.backup().gtidSet());
        Dialect dialect = Dialect.of(flavor);
        server.sql(dialect.makeWritable());
        BinlogReplay.run(server, files, skip);
        server.durable();
        server.sql(dialect.makeReadOnly());
        GtidState gtids = new GtidState(flavor, server.sql(List.of(flavor == Flavor.MYSQL
            ? "SELECT @@GLOBAL.gtid_executed" : "SELECT @@GLOBAL.gtid_binlog_pos")).replace("\\n", ""));
        if (port.isPresent()) {
          server.leaveRunning();
        }
        result = new Result(plan.backup(), plan.pieces().size(), gtids, layout,
            port.map(p -> server.address()), Duration.ofNanos(t1 - t0), Duration.ofNanos(System.nanoTime() - t1));
      }
      done = true;
      return result;
    } finally {
      Directories.deleteTree(work);
      if (!done) {
        Directories.deleteBelow(layout.dir());
      }
    }
  }
}
