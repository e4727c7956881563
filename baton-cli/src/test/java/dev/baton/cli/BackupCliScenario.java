package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Backups of a whole local cluster through the CLI, as an operator uses them: 'baton up' starts the
 * archiver; 'backup run' takes a backup from a replica; the archive follows a switchover without a
 * gap; 'restore' to a time and to a GTID leaves servers with exactly the rows before the target;
 * 'backup verify' restores and checks; refusals are one line; 'down' stops the archiver too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BackupCliScenario {
  static final Duration WAIT = Duration.ofSeconds(60);

  private TestCluster cluster;
  Path root;
  Path dir;
  String appPassword;
  Instant betweenWrites;
  String gtidOfRow12;

  abstract Flavor flavor();

  @BeforeAll
  void up() throws IOException {
    cluster = TestCluster.up("baton-backup-cli-", flavor());
    root = cluster.root();
    dir = cluster.dir();
    appPassword = cluster.password("app");
  }

  @AfterAll
  void down() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aBackupFromAReplicaAndRowsAroundItReachTheArchive() throws Exception {
    assertThat(Files.readString(dir.resolve("archiver.pid")).trim()).isNotEmpty();
    sql("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(40))");
    for (int i = 1; i <= 10; i++) {
      sql("INSERT INTO t VALUES (" + i + ", 'before the backup')");
    }
    awaitReplicated(10);
    CliRun run = CliRun.baton(dir, "backup", "run");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("backup ", "-full of local");
    sql("INSERT INTO t VALUES (11, 'after the backup')");
    Thread.sleep(2200);
    betweenWrites = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusMillis(100);
    Thread.sleep(1200);
    sql("INSERT INTO t VALUES (12, 'the GTID target')");
    gtidOfRow12 = primaryGtids();
    sql("INSERT INTO t VALUES (13, 'after the GTID target')");
    awaitArchived(primaryGtids());

    JsonNode list = Json.MAPPER.readTree(CliRun.baton(dir, "backup", "list", "--json").out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("complete").asBoolean()).isTrue();
    CliRun info = CliRun.baton(dir, "backup", "info");
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).contains("Point-in-time window:", "Gaps: none", "last archived transaction");
  }

  @Test
  @Order(2)
  void theArchiveFollowsASwitchoverWithoutAGap() throws Exception {
    String before = status().path("primary").asText();
    CliRun switchover = CliRun.baton(dir, "switchover");
    assertThat(switchover.exitCode()).as("%s %s", switchover.out(), switchover.err()).isZero();
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode s = status();
      assertThat(s.path("primary").asText()).as("status %s", s).isNotEqualTo(before)
          .isEqualTo(s.path("routing").path("write").asText());
    });
    String after = status().path("primary").asText();
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> sql("INSERT INTO t VALUES (14, 'on the new primary')"));
    awaitArchived(primaryGtids());
    BinlogArchive.Listing l = archive().list();
    assertThat(ArchiveTimeline.of(flavor(), l).breaks()).isEmpty();
    assertThat(l.pieces().stream().map(BinlogPiece::source).distinct()).contains(before, after);
  }

  @Test
  @Order(3)
  void restoresToATimeAndToAGtidHaveExactlyTheRowsBeforeTheTarget() throws Exception {
    int port = freePort();
    CliRun toTime = CliRun.baton(dir, "restore", "--to-time", betweenWrites.toString(), "--target-dir",
        root.resolve("to-time").toString(), "--port", Integer.toString(port));
    assertThat(toTime.exitCode()).as("%s %s", toTime.out(), toTime.err()).isZero();
    assertThat(toTime.out()).contains("running read-only on 127.0.0.1:" + port);
    assertThat(ids(new InstanceAddress("127.0.0.1", port))).isEqualTo(range(1, 11));

    int port2 = freePort();
    CliRun toGtid = CliRun.baton(dir, "restore", "--to-gtid", gtidOfRow12, "--target-dir",
        root.resolve("to-gtid").toString(), "--port", Integer.toString(port2));
    assertThat(toGtid.exitCode()).as("%s %s", toGtid.out(), toGtid.err()).isZero();
    assertThat(ids(new InstanceAddress("127.0.0.1", port2))).isEqualTo(range(1, 12));

    CliRun latest = CliRun.baton(dir, "restore", "--latest", "--target-dir", root.resolve("latest").toString());
    assertThat(latest.exitCode()).as("%s %s", latest.out(), latest.err()).isZero();
    assertThat(latest.out()).contains("stopped;");
  }

  /** The archive's last transaction is minutes old on a quiet cluster; its checkpoints vouch for the time since. */
  @Test
  @Order(4)
  void aQuietClustersRecentPastIsRestorableOnceTheArchiverHasCheckedIt() throws Exception {
    sql("INSERT INTO t VALUES (15, 'the last write')");
    awaitArchived(primaryGtids());
    Instant quiet = Instant.now();
    await().atMost(ArchiverSettings.DEFAULT_CHECKPOINT_INTERVAL.multipliedBy(3)).until(() -> {
      ArchiveTimeline t = ArchiveTimeline.of(flavor(), archive().list());
      return t.checkedUntil(t.pieces().size()).filter(at -> at.isAfter(quiet)).isPresent();
    });
    assertThat(CliRun.baton(dir, "backup", "info").out()).contains("held everything the primary had committed at");
    int port = freePort();
    CliRun restore = CliRun.baton(dir, "restore", "--to-time", quiet.toString(), "--target-dir",
        root.resolve("quiet").toString(), "--port", Integer.toString(port));
    assertThat(restore.exitCode()).as("%s %s", restore.out(), restore.err()).isZero();
    assertThat(ids(new InstanceAddress("127.0.0.1", port))).isEqualTo(range(1, 15));
  }

  @Test
  @Order(5)
  void verifyRestoresTheBackupAndChecksItsTables() throws Exception {
    String id = Json.MAPPER.readTree(CliRun.baton(dir, "backup", "list", "--json").out()).get(0).path("id").asText();
    CliRun verify = CliRun.baton(dir, "backup", "verify", id);
    assertThat(verify.exitCode()).as("%s %s", verify.out(), verify.err()).isZero();
    assertThat(verify.out()).contains("verified", "tables OK");
  }

  @Test
  @Order(6)
  void badRequestsAreRefusedWithOneLineAndTouchNothing() throws Exception {
    Path occupied = Files.createDirectories(root.resolve("occupied"));
    Files.writeString(occupied.resolve("keep"), "mine");
    assertRefused(CliRun.baton(dir, "restore", "--latest", "--target-dir", occupied.toString()), "is not empty");
    assertThat(Files.readString(occupied.resolve("keep"))).isEqualTo("mine");
    assertRefused(CliRun.baton(dir, "restore", "--to-time", "2001-01-01T00:00:00Z", "--target-dir",
        root.resolve("early").toString()), "before the point-in-time window");
    assertRefused(CliRun.baton(dir, "restore", "--to-time", Instant.now().plusSeconds(3600).toString(), "--target-dir",
        root.resolve("late").toString()), "after the point-in-time window");
    assertRefused(CliRun.baton(dir, "restore", "--latest", "--backup", "20010101T000000Z-full", "--target-dir",
        root.resolve("unknown").toString()), "no complete backup 20010101T000000Z-full");
    assertRefused(CliRun.baton(dir, "backup", "verify", "not-an-id"), "is not a backup id");
    assertThat(root.resolve("early")).doesNotExist();
  }

  @Test
  @Order(7)
  void downStopsTheArchiverWithTheRest() {
    CliRun down = CliRun.baton(dir, "down");
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(ProcessCleanup.processesUnder(dir)).isEmpty();
  }

  void assertRefused(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains(message);
  }

  BinlogArchive archive() {
    return new BinlogArchive(new DirectoryObjectStore(dir.resolve("backups")), "local", Optional.empty(),
        ArchiverSettings.DEFAULT_ZSTD_LEVEL);
  }

  void awaitArchived(String gtids) {
    GtidState wanted = new GtidState(flavor(), gtids);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<BinlogPiece> p = archive().list().pieces();
      return !p.isEmpty() && p.get(p.size() - 1).after().contains(wanted);
    });
  }

  void awaitReplicated(int rows) {
    await().atMost(WAIT).untilAsserted(() -> {
      for (JsonNode i : status().path("instances")) {
        assertThat(ids(InstanceAddress.parse(i.path("address").asText()))).hasSize(rows);
      }
    });
  }

  JsonNode status() throws IOException {
    return Json.MAPPER.readTree(CliRun.baton(dir, "status", "--json").out());
  }

  /** The primary itself, not the write endpoint: the test is about backups, not routing. */
  InstanceAddress primary() throws IOException {
    return InstanceAddress.parse(status().path("primary").asText());
  }

  void sql(String statement) throws Exception {
    try (Connection c = Jdbc.open(primary(), "app", appPassword); Statement s = c.createStatement()) {
      s.execute("USE app");
      s.execute(statement);
    }
  }

  String primaryGtids() throws Exception {
    try (Connection c = Jdbc.open(primary(), "app", appPassword); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(flavor() == Flavor.MYSQL ? "SELECT @@GLOBAL.gtid_executed"
            : "SELECT @@GLOBAL.gtid_binlog_pos")) {
      rs.next();
      return rs.getString(1).replace("\n", "");
    }
  }

  List<Integer> ids(InstanceAddress at) throws Exception {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = Jdbc.open(at, "app", appPassword); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM app.t ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
