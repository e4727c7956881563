package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogArchiver;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.Directories;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.backup.pitr.PointInTimeRestore;
import dev.baton.backup.pitr.RestoreTarget;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.sql.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A failover that loses a transaction the archiver already had: the old primary committed and
 * archived it, but its replica never got it and became the primary. The archiver must not stitch
 * the two histories together: it records a gap, archives the new primary's history after it, and
 * restores refuse to cross it until a backup of the new history exists, which then restores
 * without the lost transaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ArchiveFailoverScenario {
  static final Duration WAIT = Duration.ofMinutes(1);
  /** The default backoff before a gap is recorded (1 + 2 + 4 s) only makes the test slower. */
  static final ArchiverSettings FAST_RETRIES = new ArchiverSettings(ArchiverSettings.DEFAULT_PIECE_INTERVAL,
      ArchiverSettings.DEFAULT_PIECE_MAX_BYTES, ArchiverSettings.DEFAULT_POLL_INTERVAL,
      ArchiverSettings.DEFAULT_TOPOLOGY_INTERVAL, Duration.ofMillis(200), Duration.ofSeconds(1),
      ArchiverSettings.DEFAULT_DIVERGENCE_CHECKS, ArchiverSettings.DEFAULT_ZSTD_LEVEL,
      ArchiverSettings.DEFAULT_CHECKPOINT_INTERVAL);

  Path dir;
  TestServers servers;
  InstanceLayout oldPrimary;
  InstanceLayout newPrimary;
  final AtomicReference<InstanceAddress> primary = new AtomicReference<>();
  BinlogArchive archive;
  Backups backups;
  BinlogArchiver archiver;

  abstract Flavor flavor();

  @BeforeAll
  void startTwoServers() throws Exception {
    dir = Files.createTempDirectory("baton-failover-it-");
    servers = new TestServers(flavor(), dir);
    oldPrimary = servers.startPrimary("a");
    servers.sql(oldPrimary, "CREATE TABLE app.t (id INT PRIMARY KEY)");
    newPrimary = servers.startReplica("b", oldPrimary);
    primary.set(TestServers.address(oldPrimary));
    DirectoryObjectStore store = new DirectoryObjectStore(dir.resolve("store"));
    archive = new BinlogArchive(store, "fo", Optional.empty(), ArchiverSettings.DEFAULT_ZSTD_LEVEL);
    backups = new Backups(new BackupCatalog(store, "fo"), Optional.empty(), PipelineSettings.DEFAULTS, Clock.systemUTC());
    var c = servers.credentials;
    archiver = new BinlogArchiver(archive, servers.dist, primary::get, new BinlogArchiver.StreamAccount("repl",
        c.password(DbUser.REPLICATION), "backup", c.password(DbUser.BACKUP)), dir.resolve("archiver"),
        FAST_RETRIES, Clock.systemUTC()).start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      if (archiver != null) {
        archiver.close();
      }
    } finally {
      try {
        servers.stopAll();
      } finally {
        Directories.deleteTree(dir);
      }
    }
  }

  @Test
  void aTransactionLostInAFailoverIsAGapNotPartOfTheNewHistory() throws Exception {
    Dialect dialect = Dialect.of(flavor());
    servers.sql(oldPrimary, "INSERT INTO app.t VALUES (1), (2), (3)");
    awaitArchived(gtids(oldPrimary));
    awaitEqual(oldPrimary, newPrimary);
    servers.sql(newPrimary, dialect.stopReplica());
    servers.sql(oldPrimary, "INSERT INTO app.t VALUES (4)");
    awaitArchived(gtids(oldPrimary));

    // The replica takes over without transaction 4, and the old primary is gone.
    servers.sql(newPrimary, dialect.resetReplication());
    servers.sql(newPrimary, dialect.makeWritable().toArray(String[]::new));
    primary.set(TestServers.address(newPrimary));
    ProcessHandle old = ServerProcess.runningAt(oldPrimary).orElseThrow();
    old.destroyForcibly();
    old.onExit().get(1, java.util.concurrent.TimeUnit.MINUTES);
    servers.sql(newPrimary, "INSERT INTO app.t VALUES (5)");
    // A MariaDB position cannot tell the two histories apart (same sequence numbers): wait for the gap first.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (archive.list().gaps().isEmpty()) {
      assertThat(System.nanoTime()).as("a gap recorded within %s", WAIT).isLessThan(deadline);
      Thread.sleep(100);
    }
    Instant gapAt = archive.list().gaps().get(0).detectedAt();
    GtidState five = new GtidState(flavor(), gtids(newPrimary));
    while (archive.list().pieces().stream().noneMatch(p -> p.archivedAt().isAfter(gapAt) && p.after().contains(five))) {
      assertThat(System.nanoTime()).as("row 5 archived after the gap within %s", WAIT).isLessThan(deadline);
      Thread.sleep(100);
    }

    BinlogArchive.Listing l = archive.list();
    assertThat(l.gaps()).singleElement().satisfies(g -> assertThat(g.reason())
        .containsAnyOf("lacks archived transactions", "not in the master's binlog"));
    assertThat(ArchiveTimeline.of(flavor(), l).breaks()).hasSize(1);
    backups.take(new BackupMethods(servers.dist, System.getenv()).preferred(), servers.backupAccount(newPrimary),
        BackupKind.FULL, dir.resolve("work"));
    servers.sql(newPrimary, "INSERT INTO app.t VALUES (6)");
    awaitArchived(gtids(newPrimary));
    PointInTimeRestore.Result r = new PointInTimeRestore(backups, archive, servers.dist, System.getenv())
        .restore(new RestoreTarget.Latest(), Optional.empty(), dir.resolve("restored"), Optional.empty(),
            servers.credentials.password(DbUser.ROOT), dir.resolve("work"));
    new ServerProcess(servers.dist, r.layout()).start(ServerProcess.DEFAULT_START_TIMEOUT);
    assertThat(servers.sql(r.layout(), "SELECT GROUP_CONCAT(id ORDER BY id) FROM app.t")).isEqualTo("1,2,3,5,6");
  }

  String gtids(InstanceLayout layout) throws Exception {
    return servers.sql(layout, flavor() == Flavor.MYSQL ? "SELECT @@GLOBAL.gtid_executed"
        : "SELECT @@GLOBAL.gtid_binlog_pos").replace("\\n", "");
  }

  void awaitEqual(InstanceLayout a, InstanceLayout b) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!gtids(a).equals(flavor() == Flavor.MYSQL ? gtids(b) : servers.sql(b, "SELECT @@GLOBAL.gtid_slave_pos"))) {
      assertThat(System.nanoTime()).as("replica caught up within %s", WAIT).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  void awaitArchived(String gtids) throws Exception {
    GtidState wanted = new GtidState(flavor(), gtids);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<BinlogPiece> p = archive.list().pieces();
      if (!p.isEmpty() && p.get(p.size() - 1).after().contains(wanted)) {
        return;
      }
      assertThat(System.nanoTime()).as("%s archived within %s", wanted, WAIT).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
