package dev.baton.cli;

import dev.baton.agent.json.Json;
import dev.baton.backup.BackupLock;
import dev.baton.backup.FileBackupLock;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.pitr.BackupVerifier;
import dev.baton.backup.pitr.PitrWindows;
import dev.baton.backup.retention.Deletion;
import dev.baton.backup.retention.Retention;
import dev.baton.backup.retention.RetentionPlanner;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.credentials.DbUser;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.server.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = {
    "Take, list, check and prune the cluster's backups; see the binlog archive's point-in-time window.",
    "Store: DIR/backups, or --store / $BATON_BACKUP_STORE (a directory or s3://BUCKET with $BATON_S3_ENDPOINT,",
    "$BATON_S3_REGION and the AWS credentials variables); $BATON_BACKUP_KEY_FILE encrypts (base64 AES-256 key)."},
    subcommands = {BackupCommand.Run.class, BackupCommand.ListBackups.class, BackupCommand.Info.class,
        BackupCommand.Verify.class, BackupCommand.Prune.class})
final class BackupCommand {
  private BackupCommand() {}

  @Command(name = "run", description = {
      "Take a backup now, from a replica unless --from names another instance; holds the cluster's backup lock.",
      "mariadb-backup on MariaDB; XtraBackup on MySQL when installed, else the CLONE plugin (full only)."})
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;
    @Mixin StoreOption store;

    static final class Kind {
      @Option(names = "--full", description = "A full backup (the default).")
      boolean full;

      @Option(names = "--incremental", description = "Only the pages changed since the newest backup of the method.")
      boolean incremental;
    }

    @ArgGroup(exclusive = true)
    Kind kind;

    @Option(names = "--from", paramLabel = "HOST:PORT", description = "The instance to back up (default: a replica).")
    String from;

    @Override
    public Integer call() throws Exception {
      try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
        BackupKind k = kind != null && kind.incremental ? BackupKind.INCREMENTAL : BackupKind.FULL;
        NodeSpec node = source(c, Optional.ofNullable(from).map(InstanceAddress::parse));
        Manifest m = take(c, node, k, "baton backup run");
        PrintWriter out = cmd.commandLine().getOut();
        Duration took = Duration.between(m.startedAt(), m.finishedAt());
        out.printf("backup %s of %s (%s from %s): %s read, %s stored in %s, %.1f s (%.1f MB/s)%n", m.id(), c.spec().name(),
            m.method(), c.spec().address(node), mb(m.sourceBytes()), mb(m.storedBytes()), c.store().location(),
            took.toMillis() / 1000.0, m.sourceBytes() / 1e6 / Math.max(0.001, took.toMillis() / 1000.0));
        return 0;
      }
    }

    /** A running replica from the topology file, or the instance asked for. */
    static NodeSpec source(BackupContext c, Optional<InstanceAddress> wanted) throws IOException {
      if (wanted.isPresent()) {
        return c.spec().nodeAt(wanted.get()).orElseThrow(() -> new BackupRefusedException(wanted.get()
            + " is not an instance of cluster " + c.spec().name() + ": it has " + c.spec().instances()));
      }
      Topology t = c.dir().loadTopology().orElseThrow(() -> new BackupRefusedException(c.dir().topologyFile()
          + " is missing: cannot tell the replicas apart; give --from HOST:PORT"));
      return t.replicas().stream().map(a -> c.spec().nodeAt(a)).flatMap(Optional::stream)
          .filter(n -> ServerProcess.runningAt(c.dir().instance(n)).isPresent()).findFirst()
          .orElseThrow(() -> new BackupRefusedException("no replica of cluster " + c.spec().name()
              + " is running here: start the cluster ('baton up') or give --from HOST:PORT"));
    }

    static Manifest take(BackupContext c, NodeSpec node, BackupKind kind, String holder)
        throws IOException, InterruptedException {
      BackupLock lock = new FileBackupLock(c.dir().backupLock());
      try (BackupLock.Held held = lock.acquire(holder)) {
        BackupMethod method = new BackupMethods(c.dist(), System.getenv()).preferred();
        LocalServer server = new LocalServer(c.dist(), c.dir().instance(node), DbUser.BACKUP.userName(),
            c.credentials().password(DbUser.BACKUP));
        return c.backups().take(method, server, kind, c.workDir());
      }
    }
  }

  @Command(name = "list", description = "List the backups, oldest first; incomplete ones are never restored.")
  static final class ListBackups implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;
    @Mixin StoreOption store;

    @Option(names = "--json", description = "Print a JSON array (one object per backup).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
        List<CatalogEntry> entries = c.catalog().list();
        PrintWriter out = cmd.commandLine().getOut();
        if (json) {
          List<Map<String, Object>> rows = new ArrayList<>();
          for (CatalogEntry e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id().toString());
            row.put("kind", e.id().kind().id());
            row.put("complete", e.complete());
            e.manifest().ifPresent(m -> {
              row.put("parent", m.parent().map(BackupId::toString).orElse(null));
              row.put("method", m.method().id());
              row.put("source", m.source());
              row.put("startedAt", m.startedAt().toString());
              row.put("finishedAt", m.finishedAt().toString());
              row.put("gtidSet", m.gtidSet().replace("\n", ""));
              row.put("sourceBytes", m.sourceBytes());
              row.put("storedBytes", m.storedBytes());
              row.put("encryption", m.encryption().toString());
            });
            rows.add(row);
          }
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
          return 0;
        }
        if (entries.isEmpty()) {
          out.println("no backups of " + c.spec().name() + " in " + c.store().location());
          return 0;
        }
        String fmt = "%-33s %-11s %-10s %-14s %10s %10s  %s%n";
        out.printf(fmt, "ID", "KIND", "STATUS", "METHOD", "SIZE", "STORED", "GTID SET");
        for (CatalogEntry e : entries) {
          Optional<Manifest> m = e.manifest();
          out.printf(fmt, e.id(), e.id().kind(), e.complete() ? "complete" : "incomplete",
              m.map(x -> x.method().id()).orElse("-"), m.map(x -> mb(x.sourceBytes())).orElse("-"),
              m.map(x -> mb(x.storedBytes())).orElse("-"), m.map(x -> x.gtidSet().replace("\n", "")).orElse(""));
        }
        return 0;
      }
    }
  }

  @Command(name = "info", description = "The point-in-time window, gaps in the binlog archive, and the last archived transaction.")
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;
    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
        PrintWriter out = cmd.commandLine().getOut();
        List<Manifest> complete = c.catalog().list().stream().filter(CatalogEntry::complete)
            .flatMap(e -> e.manifest().stream()).toList();
        BinlogArchive.Listing l = c.archive().list();
        ArchiveTimeline timeline = ArchiveTimeline.of(c.spec().flavor(), l);
        out.printf("Cluster %s (%s), store %s%n", c.spec().name(), c.spec().flavor(), c.store().location());
        out.printf("Backups: %d complete (%d full, %d incremental)%s%n", complete.size(),
            complete.stream().filter(m -> m.id().kind() == BackupKind.FULL).count(),
            complete.stream().filter(m -> m.id().kind() == BackupKind.INCREMENTAL).count(),
            complete.isEmpty() ? "" : ", newest " + complete.get(complete.size() - 1).id());
        long stored = l.pieces().stream().mapToLong(p -> p.object().size()).sum();
        out.printf("Binlog archive: %d pieces in %d segments, %s stored%n", l.pieces().size(),
            l.pieces().stream().map(BinlogPiece::segment).distinct().count(), mb(stored));
        if (!l.pieces().isEmpty()) {
          BinlogPiece last = l.pieces().get(l.pieces().size() - 1);
          out.printf("  last archived transaction: %s (%s ago), GTIDs up to %s%n", last.lastCommit(),
              ago(last.lastCommit()), last.after());
          out.printf("  last piece stored: %s from %s%n", last.archivedAt(), last.source());
          timeline.checkedUntil(l.pieces().size()).ifPresent(at -> out.printf(
              "  held everything the primary had committed at: %s (%s ago)%n", at, ago(at)));
        }
        List<PitrWindows.Window> windows = PitrWindows.of(complete, timeline);
        out.println("Point-in-time window" + (windows.size() == 1 ? "" : "s") + ":" + (windows.isEmpty() ? " none (no complete backup)" : ""));
        for (PitrWindows.Window w : windows) {
          out.printf("  %s .. %s%n", w.from(), w.to());
        }
        out.println("Gaps:" + (timeline.breaks().isEmpty() ? " none" : ""));
        for (ArchiveTimeline.Break b : timeline.breaks()) {
          out.printf("  after %s (%s), resumed at %s (%s): %s%n",
              b.lastBefore().map(Instant::toString).orElse("the start"), b.archived(), b.firstAfter(), b.resumedFrom(),
              b.reason());
        }
        if (!l.orphans().isEmpty()) {
          out.printf("Unfinished piece uploads (removed by 'baton backup prune'): %d%n", l.orphans().size());
        }
        return 0;
      }
    }
  }

  @Command(name = "verify", description = {
      "Check a backup's checksums, restore it into a scratch directory, start a server on it and CHECK TABLE",
      "every table. Exit status 1 when anything is wrong."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;
    @Mixin StoreOption store;

    @Parameters(paramLabel = "ID", description = "The backup, as 'baton backup list' shows it.")
    String id;

    @Override
    public Integer call() throws Exception {
      BackupId backup = parseId(id);
      try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
        BackupVerifier.Result r = new BackupVerifier(c.backups(), c.dist(), System.getenv())
            .verify(backup, c.credentials().password(DbUser.ROOT), c.workDir());
        cmd.commandLine().getOut().printf("backup %s verified: %d objects of %d backups match their checksums, the chain"
            + " restores%s%n", backup, r.objectsChecked(), r.chain().size(), r.tablesChecked()
            .map(n -> ", and CHECK TABLE finds all " + n + " tables OK").orElse(" (a logical dump: not loaded)"));
        return 0;
      }
    }
  }

  @Command(name = "prune", description = {
      "Remove what retention no longer needs: chains older than --weeks (the newest chain always stays),",
      "binlogs the oldest kept backup already holds, incomplete backups older than a day."})
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;
    @Mixin StoreOption store;

    @Option(names = "--weeks", paramLabel = "N", description = "backup_retention_weeks (default: 4).")
    int weeks = RetentionPlanner.DEFAULT_RETENTION_WEEKS;

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      try (BackupContext c = BackupContext.open(dir.directory(), store.value(), System.getenv())) {
        List<Deletion> plan = new Retention(c.catalog(), c.archive()).apply(c.spec().flavor(), Instant.now(), weeks, dryRun);
        PrintWriter out = cmd.commandLine().getOut();
        for (Deletion d : plan) {
          out.println((dryRun ? "would remove " : "removed ") + describe(d) + ": " + d.why());
        }
        out.println(plan.isEmpty() ? "nothing to remove" : plan.size() + (dryRun ? " to remove" : " removed"));
        return 0;
      }
    }

    static String describe(Deletion d) {
      if (d instanceof Deletion.Backup b) {
        return "backup " + b.id();
      }
      if (d instanceof Deletion.Segment s) {
        return "binlog segment " + s.segment();
      }
      if (d instanceof Deletion.Gap g) {
        return "gap record of " + g.gap().detectedAt();
      }
      return "unfinished upload " + ((Deletion.Orphan) d).key();
    }
  }

  static BackupId parseId(String text) {
    try {
      return BackupId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BackupRefusedException(e.getMessage());
    }
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1e6);
  }

  static String ago(Instant t) {
    Duration d = Duration.between(t, Instant.now());
    return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() < 120 ? d.toMinutes() + " min" : d.toHours() + " h";
  }
}
