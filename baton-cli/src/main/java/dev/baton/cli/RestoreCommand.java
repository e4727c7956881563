package dev.baton.cli;

import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.pitr.PointInTimeRestore;
import dev.baton.backup.pitr.RestoreTarget;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.credentials.DbUser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {
    "Restore the cluster into a new directory as it was at a point in time: the newest backup before it (with its",
    "incrementals), then the archived binlogs up to it, replayed into a server started on the restored data.",
    "With --port the restored server is left running (read-only, on 127.0.0.1) for inspection; otherwise stopped."})
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;
  @Mixin StoreOption store;

  static final class Target {
    @Option(names = "--latest", required = true, description = "Every archived transaction.")
    boolean latest;

    @Option(names = "--to-time", required = true, paramLabel = "ISO-8601",
        description = "Every transaction committed at or before this time, e.g. 2026-11-26T10:15:00Z.")
    String time;

    @Option(names = "--to-gtid", required = true, paramLabel = "SET",
        description = "Up to the transaction that completes this GTID set (MySQL) or position (MariaDB).")
    String gtid;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--target-dir", required = true, paramLabel = "DIR",
      description = "A new or empty directory: the instance's my.cnf, data/ and logs go there.")
  Path targetDir;

  @Option(names = "--port", paramLabel = "P", description = "Leave the restored server running on 127.0.0.1:P.")
  Integer port;

  @Option(names = "--backup", paramLabel = "ID", description = "Start from this backup instead of the newest that fits.")
  String backup;

  @Override
  public Integer call() throws Exception {
    try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
      RestoreTarget t = target.latest ? new RestoreTarget.Latest()
          : target.time != null ? new RestoreTarget.ToTime(parseTime(target.time))
          : new RestoreTarget.ToGtid(new GtidState(c.spec().flavor(), target.gtid));
      Optional<BackupId> from = Optional.ofNullable(backup).map(BackupCommand::parseId);
      PointInTimeRestore.Result r = new PointInTimeRestore(c.backups(), c.archive(), c.dist(), System.getenv())
          .restore(t, from, targetDir.toAbsolutePath(), Optional.ofNullable(port), c.credentials().password(DbUser.ROOT),
              c.workDir());
      PrintWriter out = cmd.commandLine().getOut();
      out.printf("restored %s to %s in %s: backup %s + %d binlog pieces (restore %.1f s, binlog replay %.1f s)%n",
          c.spec().name(), t, r.layout().dir(), r.backup().id(), r.piecesReplayed(), r.restoreTime().toMillis() / 1000.0,
          r.replayTime().toMillis() / 1000.0);
      out.printf("GTIDs: %s%n", r.gtids());
      if (r.running().isPresent()) {
        out.printf("running read-only on %s (socket %s); the cluster's accounts and passwords apply:%n", r.running().get(),
            r.layout().socket());
        out.printf("  %s -h %s -P %d -u root -p\"$(baton credentials root%s)\"%n",
            c.dist().client().getFileName(), r.running().get().host(), r.running().get().port(),
            dir.dir == null ? "" : " --dir " + c.dir().root());
        out.printf("stop it with: kill $(cat %s)%n", r.layout().pidFile());
      } else {
        out.printf("stopped; start it with its own my.cnf: %s --defaults-file=%s%n", c.dist().mysqld().getFileName(),
            r.layout().myCnf());
      }
      return 0;
    }
  }

  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidSettingException("--to-time '" + text + "' is not an ISO-8601 time with a zone: write it as"
          + " 2026-11-26T10:15:00Z or 2026-11-26T11:15:00+01:00");
    }
  }
}
