package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.Directories;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.method.LogicalDumpMethod;
import dev.baton.backup.pipeline.BackupKey;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.backup.store.ObjectStore;
import dev.baton.backup.store.S3ObjectStore;
import dev.baton.backup.store.S3Settings;
import dev.baton.backup.store.S3TestServer;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.server.SocketClient;
import dev.baton.mysql.sql.Dialect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a real server with rows in it, restores into an empty directory, starts a second
 * server on the restored data and compares the rows: once per flavor, to a directory and to S3.
 * The source server is read-only while backed up, as a replica would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BackupRestoreScenario {
  static final String CLUSTER = "it";
  static final String ROWS = "SELECT COUNT(*), SUM(CRC32(CONCAT(id, ':', note))) FROM app.t";
  private static final Logger log = LoggerFactory.getLogger(BackupRestoreScenario.class);

  Path dir;
  ServerDistribution dist;
  InstanceLayout source;
  LocalServer server;
  S3TestServer s3;
  final List<InstanceLayout> started = new ArrayList<>();
  private int nextServerId = 1;

  abstract Flavor flavor();

  abstract BackupMethodName expectedMethod();

  @BeforeAll
  void startSourceServer() throws Exception {
    dir = Files.createTempDirectory("baton-backup-it-");
    dist = new ServerDistributions(System.getenv()).locate(flavor());
    source = startServer("source", false);
    Dialect dialect = Dialect.of(flavor());
    // MySQL's clone plugin is loaded by the my.cnf Baton renders.
    List<String> load = new ArrayList<>(dialect.makeWritable());
    load.addAll(List.of("CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, note VARCHAR(100)) ENGINE=InnoDB",
        flavor() == Flavor.MYSQL ? "SET SESSION cte_max_recursion_depth = 100000"
            : "SET SESSION max_recursive_iterations = 100000",
        "INSERT INTO app.t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000)"
            + " SELECT n, SHA2(n, 256) FROM s"));
    load.addAll(dialect.makeReadOnly());
    sql(source, load);
    server = new LocalServer(dist, source, "root", "");
    s3 = S3TestServer.start(Files.createDirectories(dir.resolve("s3")));
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      for (InstanceLayout l : started) {
        Optional<ProcessHandle> p = ServerProcess.runningAt(l);
        if (p.isPresent()) {
          Pids.terminate(p.get(), ServerProcess.DEFAULT_STOP_TIMEOUT, "mysqld of " + l.dir());
        }
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
      Directories.deleteTree(dir);
    }
  }

  @Test
  @Order(1)
  void theFlavorsPreferredMethodIsChosen() {
    assertThat(new BackupMethods(dist, System.getenv()).preferred().name()).isEqualTo(expectedMethod());
  }

  @Test
  @Order(2)
  void aFullBackupToADirectoryRestoresToTheSameRows() throws Exception {
    try (ObjectStore store = new DirectoryObjectStore(dir.resolve("store"))) {
      backupRestoreCompare(store, Optional.empty());
    }
  }

  @Test
  @Order(3)
  void anEncryptedFullBackupToS3RestoresToTheSameRows() throws Exception {
    try (ObjectStore store = new S3ObjectStore(s3.settings(S3Settings.DEFAULT_PART_SIZE))) {
      backupRestoreCompare(store, Optional.of(new BackupKey("an-it-key-of-exactly-32-bytes-!!".getBytes())));
    }
  }

  @Test
  @Order(4)
  void aLogicalDumpCarriesTheDataAndTheGtidPosition() throws Exception {
    try (ObjectStore store = new DirectoryObjectStore(dir.resolve("logical"))) {
      Backups backups = backups(store, Optional.empty());
      Manifest m = backups.take(LogicalDumpMethod.of(dist), server, BackupKind.FULL, dir.resolve("work"));
      assertThat(m.method()).isEqualTo(BackupMethodName.LOGICAL);
      assertThat(m.gtidSet()).isNotEmpty();
      assertThat(m.serverVersion()).isNotEmpty();
      Path target = dir.resolve("logical-restored");
      backups.restore(m.id(), LogicalDumpMethod.of(dist), target, dir.resolve("work"));
      String sql = Files.readString(target.resolve(LogicalDumpMethod.RESTORED_FILE));
      assertThat(sql).contains("CREATE TABLE `t`", m.gtidSet());
    }
  }

  @Test
  @Order(5)
  void aRestoreIntoANonEmptyDirectoryIsRefused() throws Exception {
    try (ObjectStore store = new DirectoryObjectStore(dir.resolve("store"))) {
      Backups backups = backups(store, Optional.empty());
      Manifest m = new BackupCatalog(store, CLUSTER).list().get(0).manifest().orElseThrow();
      Path target = Files.createDirectories(dir.resolve("occupied"));
      Files.writeString(target.resolve("ibdata1"), "someone's data");
      BackupMethod method = new BackupMethods(dist, System.getenv()).named(m.method());
      assertThatThrownBy(() -> backups.restore(m.id(), method, target, dir.resolve("work")))
          .isInstanceOf(BackupRefusedException.class).hasMessageContaining("is not empty");
      assertThat(Files.readString(target.resolve("ibdata1"))).isEqualTo("someone's data");
    }
  }

  Backups backups(ObjectStore store, Optional<BackupKey> key) {
    return new Backups(new BackupCatalog(store, CLUSTER), key, PipelineSettings.DEFAULTS, Clock.systemUTC());
  }

  /** Takes a full backup with the preferred method, verifies it, restores it and compares the rows. */
  Manifest backupRestoreCompare(ObjectStore store, Optional<BackupKey> key) throws Exception {
    Backups backups = backups(store, key);
    BackupMethod method = new BackupMethods(dist, System.getenv()).preferred();
    long t0 = System.nanoTime();
    Manifest m = backups.take(method, server, BackupKind.FULL, dir.resolve("work"));
    long t1 = System.nanoTime();
    backups.verify(m.id());
    InstanceLayout restored = restoreAndStart(backups, m, method);
    long t2 = System.nanoTime();
    log.info("{} {} backup to {}: {} bytes from the tool, {} stored, backup {} ms, verify+restore+start {} ms",
        flavor(), m.method(), store.location(), m.sourceBytes(), m.storedBytes(), (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000);
    assertThat(m.gtidSet()).isNotEmpty();
    assertThat(sql(restored, List.of(ROWS))).isEqualTo(sql(source, List.of(ROWS)));
    assertThat(sql(restored, List.of("CHECKSUM TABLE app.t"))).isEqualTo(sql(source, List.of("CHECKSUM TABLE app.t")));
    return m;
  }

  InstanceLayout restoreAndStart(Backups backups, Manifest m, BackupMethod method) throws Exception {
    InstanceLayout restored = new InstanceLayout(dir.resolve("restored-" + nextServerId));
    backups.restore(m.id(), method, restored.dataDir(), dir.resolve("work"));
    writeConfig(restored);
    started.add(restored);
    new ServerProcess(dist, restored).start(ServerProcess.DEFAULT_START_TIMEOUT);
    return restored;
  }

  InstanceLayout startServer(String name, boolean existingData) throws Exception {
    InstanceLayout layout = new InstanceLayout(dir.resolve(name));
    writeConfig(layout);
    ServerProcess process = new ServerProcess(dist, layout);
    if (!existingData) {
      process.initialize(ServerProcess.DEFAULT_INITIALIZE_TIMEOUT);
    }
    started.add(layout);
    process.start(ServerProcess.DEFAULT_START_TIMEOUT);
    return layout;
  }

  private void writeConfig(InstanceLayout layout) throws IOException {
    Files.createDirectories(layout.dir());
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    Files.writeString(layout.myCnf(), MyCnf.render(dist, layout, nextServerId++, new InstanceAddress("127.0.0.1",
        freePort()), ServerSettings.DEFAULTS, runAs));
  }

  String sql(InstanceLayout layout, List<String> statements) throws Exception {
    return new SocketClient(dist, layout).run(statements, Duration.ofMinutes(1));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
