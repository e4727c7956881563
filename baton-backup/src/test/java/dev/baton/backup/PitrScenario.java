package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogArchiver;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethod;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive and point-in-time restore on a real primary, once per flavor: the archiver streams
 * while rows are written around a full backup; restores to a time and to a GTID between two known
 * writes give exactly the rows before the target; a commit reaches the store within the RPO; a
 * purge on the primary while the archiver is away becomes a recorded gap that restores refuse to
 * cross until a new backup is taken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PitrScenario {
  static final String CLUSTER = "pitr";
  static final Duration RPO = Duration.ofSeconds(5);
  /** Longer than a second, so that MariaDB's whole-second commit times still tell the writes apart. */
  static final Duration BETWEEN_WRITES = Duration.ofMillis(2200);
  private static final Logger log = LoggerFactory.getLogger(PitrScenario.class);

  Path dir;
  TestServers servers;
  InstanceLayout primary;
  DirectoryObjectStore store;
  BinlogArchive archive;
  Backups backups;
  BinlogArchiver archiver;
  final List<Duration> rpos = Collections.synchronizedList(new ArrayList<>());
  Instant beforeSecondWrite;
  String gtidOfSecondWrite;
  int restores;

  abstract Flavor flavor();

  @BeforeAll
  void startPrimaryAndArchiver() throws Exception {
    dir = Files.createTempDirectory("baton-pitr-it-");
    servers = new TestServers(flavor(), dir);
    primary = servers.startPrimary("primary");
    servers.sql(primary, "CREATE TABLE app.t (id INT PRIMARY KEY, note VARCHAR(100)) ENGINE=InnoDB");
    store = new DirectoryObjectStore(dir.resolve("store"));
    archive = new BinlogArchive(store, CLUSTER, Optional.empty(), ArchiverSettings.DEFAULT_ZSTD_LEVEL);
    backups = new Backups(new BackupCatalog(store, CLUSTER), Optional.empty(), PipelineSettings.DEFAULTS,
        Clock.systemUTC());
    archiver = startArchiver();
  }

  BinlogArchiver startArchiver() throws Exception {
    InstanceAddress address = TestServers.address(primary);
    var c = servers.credentials;
    return new BinlogArchiver(archive, servers.dist, () -> address, new BinlogArchiver.StreamAccount(
        DbUser.REPLICATION.userName(), c.password(DbUser.REPLICATION), DbUser.BACKUP.userName(),
        c.password(DbUser.BACKUP)), dir.resolve("archiver"), ArchiverSettings.DEFAULTS, Clock.systemUTC()).start();
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
  @Order(1)
  void rowsWrittenAroundAFullBackupReachTheArchiveWithinTheRpo() throws Exception {
    servers.sql(primary, "INSERT INTO app.t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50)"
        + " SELECT n, CONCAT('row ', n) FROM s");
    // The archiver's first connection (a JVM warming up, a new process) is not what the RPO measures.
    awaitArchived(lastGtid(), Duration.ofMinutes(1));
    BackupMethod method = new BackupMethods(servers.dist, System.getenv()).preferred();
    Manifest full = backups.take(method, servers.backupAccount(primary), BackupKind.FULL, dir.resolve("work"));
    assertThat(full.gtidSet()).isNotEmpty();
    insert(51);
    Thread.sleep(BETWEEN_WRITES.toMillis());
    beforeSecondWrite = Instant.now();
    insert(52);
    gtidOfSecondWrite = lastGtid();
    Thread.sleep(BETWEEN_WRITES.toMillis());
    insert(53);
    log.info("{}: RPO of each commit (commit -> piece in the store): {}", flavor(), rpos);
    assertThat(rpos).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(RPO));
    ArchiveTimeline timeline = timeline();
    assertThat(timeline.breaks()).isEmpty();
    assertThat(timeline.end().orElseThrow().contains(gtid(gtidOfSecondWrite))).isTrue();
    // Idle now: within a checkpoint interval the archive vouches for the time after its last write.
    Instant idleSince = Instant.now();
    long deadline = System.nanoTime() + ArchiverSettings.DEFAULT_CHECKPOINT_INTERVAL.multipliedBy(3).toNanos();
    while (checkedUntil().filter(at -> at.isAfter(idleSince)).isEmpty()) {
      assertThat(System.nanoTime()).as("a checkpoint after " + idleSince).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  @Order(2)
  void aRestoreToATimeBetweenTwoWritesHasExactlyTheRowsBeforeIt() throws Exception {
    // The second before the second write: on MariaDB commit times are whole seconds.
    Instant target = beforeSecondWrite.truncatedTo(ChronoUnit.SECONDS).minusMillis(100);
    InstanceLayout restored = restore(new RestoreTarget.ToTime(target));
    assertThat(ids(restored)).isEqualTo(range(1, 51));
  }

  @Test
  @Order(3)
  void aRestoreToAGtidStopsRightAfterThatTransaction() throws Exception {
    InstanceLayout restored = restore(new RestoreTarget.ToGtid(gtid(gtidOfSecondWrite)));
    assertThat(ids(restored)).isEqualTo(range(1, 52));
  }

  @Test
  @Order(4)
  void aRestoreToTheLatestHasEveryRowAndIsLeftRunningWhenAPortIsGiven() throws Exception {
    int port = TestServers.freePort();
    PointInTimeRestore.Result r = pitr().restore(new RestoreTarget.Latest(), Optional.empty(), dir.resolve("latest"),
        Optional.of(port), rootPassword(), dir.resolve("work"));
    assertThat(r.running()).contains(new InstanceAddress("127.0.0.1", port));
    assertThat(ServerProcess.runningAt(r.layout())).isPresent();
    assertThat(ids(r.layout())).isEqualTo(range(1, 53));
  }

  @Test
  @Order(5)
  void badTargetsAreRefusedWithOneLineAndNothingWritten() throws Exception {
    Path occupied = Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(occupied.resolve("keep"), "someone's file");
    assertRefused(new RestoreTarget.Latest(), occupied, "is not empty");
    assertThat(Files.readString(occupied.resolve("keep"))).isEqualTo("someone's file");
    assertRefused(new RestoreTarget.ToTime(Instant.now().plus(Duration.ofHours(1))), dir.resolve("r-late"),
        "after the point-in-time window");
    assertRefused(new RestoreTarget.ToTime(Instant.parse("2001-01-01T00:00:00Z")), dir.resolve("r-early"),
        "before the point-in-time window");
    assertThat(dir.resolve("r-late")).doesNotExist();
  }

  @Test
  @Order(6)
  void aPurgeWhileTheArchiverIsAwayIsAGapThatRestoresDoNotCross() throws Exception {
    // Stopping, the archiver checks that it holds everything and records when: up to then the
    // archive vouches for the old history, after that the purge below may have taken anything.
    Instant beforeStop = Instant.now();
    archiver.close();
    Instant afterStop = Instant.now();
    // MariaDB's binlog keeps whole seconds: a write after the gap in the targets' own second would
    // put the gap's first piece at their second, and the planner rightly refuses that as crossing.
    Thread.sleep(1050 - afterStop.getNano() / 1_000_000);
    write(54);
    purgeBinlogs();
    archiver = startArchiver();
    insert(55);
    ArchiveTimeline timeline = timeline();
    assertThat(timeline.breaks()).hasSize(1);
    assertThat(archive.list().gaps()).hasSize(1);
    assertRefused(new RestoreTarget.Latest(), dir.resolve("r-gap"), "gap in the binlog archive");
    assertRefused(new RestoreTarget.ToTime(afterStop), dir.resolve("r-in-gap"), "falls in a gap of the binlog archive");
    InstanceLayout beforeIt = restore(new RestoreTarget.ToTime(beforeStop));
    assertThat(ids(beforeIt)).isEqualTo(range(1, 53));
    BackupMethod method = new BackupMethods(servers.dist, System.getenv()).preferred();
    backups.take(method, servers.backupAccount(primary), BackupKind.FULL, dir.resolve("work"));
    insert(56);
    InstanceLayout after = restore(new RestoreTarget.Latest());
    assertThat(ids(after)).isEqualTo(range(1, 56));
  }

  /** Leaves only a new, empty binlog; MariaDB keeps a file until its transactions are checkpointed, so retry. */
  void purgeBinlogs() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      servers.sql(primary, "FLUSH BINARY LOGS");
      String current = servers.sql(primary, flavor() == Flavor.MYSQL ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS")
          .split("\t")[0];
      servers.sql(primary, "PURGE BINARY LOGS TO '" + current + "'");
      if (servers.sql(primary, "SHOW BINARY LOGS").lines().count() == 1) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the primary kept its old binlogs after 50 purges");
  }

  PointInTimeRestore pitr() {
    return new PointInTimeRestore(backups, archive, servers.dist, System.getenv());
  }

  InstanceLayout restore(RestoreTarget target) throws Exception {
    PointInTimeRestore.Result r = pitr().restore(target, Optional.empty(), dir.resolve("restored-" + ++restores),
        Optional.empty(), rootPassword(), dir.resolve("work"));
    log.info("{}: restored to {} from {} + {} pieces: restore {} ms, replay {} ms", flavor(), target, r.backup().id(),
        r.piecesReplayed(), r.restoreTime().toMillis(), r.replayTime().toMillis());
    assertThat(ServerProcess.runningAt(r.layout())).isEmpty();
    // Look at the rows: start it again, without replaying anything.
    return startRestored(r.layout());
  }

  InstanceLayout startRestored(InstanceLayout layout) throws Exception {
    new ServerProcess(servers.dist, layout).start(ServerProcess.DEFAULT_START_TIMEOUT);
    return layout;
  }

  void assertRefused(RestoreTarget target, Path targetDir, String message) {
    assertThatThrownBy(() -> pitr().restore(target, Optional.empty(), targetDir, Optional.empty(), rootPassword(),
        dir.resolve("work"))).isInstanceOf(BackupRefusedException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  String rootPassword() {
    return servers.credentials.password(DbUser.ROOT);
  }

  void write(int id) throws Exception {
    servers.sql(primary, "INSERT INTO app.t VALUES (" + id + ", 'row " + id + "')");
  }

  /** Inserts a row and measures how long until the archive holds it. */
  void insert(int id) throws Exception {
    write(id);
    Instant committed = Instant.now();
    awaitArchived(lastGtid(), RPO.multipliedBy(4));
    rpos.add(Duration.between(committed, Instant.now()));
  }

  void awaitArchived(String gtids, Duration timeout) throws Exception {
    GtidState wanted = gtid(gtids);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<BinlogPiece> pieces = archive.list().pieces();
      if (!pieces.isEmpty() && pieces.get(pieces.size() - 1).after().contains(wanted)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(wanted + " did not reach the archive within " + timeout);
  }

  /** The GTIDs up to the last write: MySQL's whole gtid_executed (one writer), MariaDB's last GTID. */
  String lastGtid() throws Exception {
    return servers.sql(primary, flavor() == Flavor.MYSQL ? "SELECT @@GLOBAL.gtid_executed" : "SELECT @@GLOBAL.gtid_binlog_pos")
        .replace("\\n", "");
  }

  GtidState gtid(String text) {
    return new GtidState(flavor(), text);
  }

  ArchiveTimeline timeline() throws Exception {
    BinlogArchive.Listing l = archive.list();
    return ArchiveTimeline.of(flavor(), l);
  }

  Optional<Instant> checkedUntil() throws Exception {
    ArchiveTimeline t = timeline();
    return t.checkedUntil(t.pieces().size());
  }

  List<Integer> ids(InstanceLayout layout) throws Exception {
    String out = servers.sql(layout, "SELECT id FROM app.t ORDER BY id");
    return out.isBlank() ? List.of() : out.lines().map(Integer::parseInt).toList();
  }

  static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
  }
}
