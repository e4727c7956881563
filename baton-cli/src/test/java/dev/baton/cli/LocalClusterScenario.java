package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.local.Daemons;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new user's first session with a local cluster, run once per flavor on real servers: up,
 * status, writes through the write endpoint, reads from every replica, refusals, the mysql client
 * through an endpoint, then down and resume with the data; then the router's health checks and
 * the agents' checks for load balancers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LocalClusterScenario {
  static final Duration WAIT = Duration.ofSeconds(30);
  /** Long enough for three health checks of every backend at the default interval. */
  static final Duration HEALTH_CHECK_ROUNDS = Duration.ofSeconds(3);
  /** A delayed replica's lag climbs a second per second; the monitor sees it within a poll. */
  static final Duration LAG_WAIT = Duration.ofSeconds(45);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private TestCluster cluster;
  private Path dir;
  private String appPassword;

  abstract Flavor flavor();

  @BeforeAll
  void up() throws IOException {
    cluster = TestCluster.up("baton-it-", flavor());
    dir = cluster.dir();
    assertThat(cluster.upOutput()).contains("write endpoint", "read endpoint", "API");
    appPassword = cluster.password("app");
  }

  @AfterAll
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void statusShowsOnePrimaryAndTwoReplicatingReplicas() throws Exception {
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode s = status();
      assertThat(s.path("cluster").asText()).isEqualTo("local");
      List<JsonNode> instances = list(s.path("instances"));
      assertThat(instances).hasSize(3);
      assertThat(instances).filteredOn(i -> i.path("role").asText().equals("primary")).hasSize(1)
          .allSatisfy(i -> {
            assertThat(i.path("address").asText()).isEqualTo(s.path("primary").asText());
            assertThat(i.path("readOnly").asBoolean()).isFalse();
          });
      assertThat(instances).filteredOn(i -> i.path("role").asText().equals("replica")).hasSize(2)
          .allSatisfy(i -> {
            assertThat(i.path("reachable").asBoolean()).isTrue();
            assertThat(i.path("replicating").asBoolean()).isTrue();
            assertThat(i.path("readOnly").asBoolean()).isTrue();
            assertThat(i.path("lagSeconds").isNumber()).isTrue();
          });
      assertThat(s.path("endpoints").path("write").asText()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(s.path("routing").path("write").asText()).isEqualTo(s.path("primary").asText());
    });
    if (flavor() == Flavor.MYSQL) {
      assertThat(list(status().path("instances"))).filteredOn(i -> i.path("role").asText().equals("replica"))
          .allSatisfy(i -> assertThat(i.path("superReadOnly").asBoolean()).isTrue());
    }
    CliRun table = CliRun.baton(dir, "status");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("primary", "replica", "write endpoint");
  }

  /**
   * The agents' priority over the servers and clients must hold across sessions too: each daemon
   * has its own, and with the kernel's autogroup a nice value ranks threads only within theirs.
   */
  @Test
  @Order(1)
  void theAgentsRunAboveEverySessionOnTheHost() throws Exception {
    assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "raising a priority needs root");
    ClusterDirectory cd = new ClusterDirectory(dir);
    for (NodeSpec n : cd.loadSpec().nodes()) {
      long pid = Pids.read(cd.agentPid(n)).orElseThrow();
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertThat(afterName[16]).as("niceness of the agent of %s (pid %d)", n.name(), pid)
          .isEqualTo(Integer.toString(Daemons.DEFAULT_AGENT_NICENESS));
      Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
      if (Files.exists(autogroup)) {
        assertThat(Files.readString(autogroup)).as("scheduling group of the agent of %s", n.name())
            .endsWith(" nice " + Daemons.DEFAULT_AGENT_NICENESS + "\n");
      }
    }
  }

  @Test
  @Order(2)
  void aRowWrittenThroughTheWriteEndpointReachesEveryReplica() throws Exception {
    try (Connection c = Jdbc.open(endpoint("write"), "app", appPassword); Statement s = c.createStatement()) {
      s.execute("USE app");
      s.execute("CREATE TABLE greetings (id INT PRIMARY KEY, text VARCHAR(40))");
      s.execute("INSERT INTO greetings VALUES (1, 'hello from the write endpoint')");
      assertThat(single(s, "SELECT @@port")).isEqualTo(String.valueOf(primary().port()));
    }
    for (InstanceAddress replica : replicas()) {
      await().atMost(WAIT).untilAsserted(() -> {
        try (Connection c = Jdbc.open(replica, "app", appPassword); Statement s = c.createStatement()) {
          s.execute("USE app");
          assertThat(single(s, "SELECT text FROM greetings WHERE id = 1")).isEqualTo("hello from the write endpoint");
        }
      });
    }
  }

  @Test
  @Order(3)
  void replicasRefuseWrites() throws Exception {
    for (InstanceAddress replica : replicas()) {
      try (Connection c = Jdbc.open(replica, "app", appPassword); Statement s = c.createStatement()) {
        s.execute("USE app");
        assertThatThrownBy(() -> s.execute("INSERT INTO greetings VALUES (2, 'must not land')"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("read-only");
      }
    }
  }

  @Test
  @Order(4)
  void theReadEndpointSpreadsConnectionsOverTheReplicas() throws Exception {
    Set<String> ports = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      try (Connection c = Jdbc.open(endpoint("read"), "app", appPassword); Statement s = c.createStatement()) {
        ports.add(single(s, "SELECT @@port"));
      }
    }
    assertThat(ports).containsExactlyInAnyOrderElementsOf(replicas().stream().map(r -> String.valueOf(r.port())).toList());
  }

  @Test
  @Order(5)
  void theMysqlClientConnectsThroughBothEndpoints() throws Exception {
    String write = runBatonProcess("sql", "--batch", "-e", "SELECT text FROM greetings WHERE id = 1");
    assertThat(write).contains("hello from the write endpoint");
    String read = runBatonProcess("sql", "--endpoint", "read", "--batch", "-e", "SELECT @@read_only");
    assertThat(read.trim()).endsWith("1");
  }

  /**
   * The router is L4: a client's TLS session is with the server itself. Baton's own connections
   * over loopback skip TLS (Jdbc), so this asks for it explicitly. MySQL only: the MariaDB
   * servers here run without a certificate.
   */
  @Test
  @Order(5)
  void tlsBetweenAClientAndTheServerPassesThroughTheWriteEndpoint() throws Exception {
    assumeTrue(flavor() == Flavor.MYSQL, "MariaDB here has no server certificate");
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", appPassword);
    p.setProperty("sslMode", "REQUIRED");
    p.setProperty("allowPublicKeyRetrieval", "true");
    try (Connection c = DriverManager.getConnection("jdbc:mysql://" + endpoint("write") + "/", p);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).as("the session's TLS cipher, as the server sees it").isNotBlank();
      assertThat(single(s, "SELECT @@port")).isEqualTo(String.valueOf(primary().port()));
    }
  }

  @Test
  @Order(6)
  void theCredentialsFileIsOwnerOnlyAndOthersReadableOnesAreRefused() throws Exception {
    Path file = dir.resolve("credentials.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try {
      CliRun refused = CliRun.baton(dir, "credentials", "app");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.errLines()).singleElement().asString().contains("chmod 600");
      assertThat(refused.out()).doesNotContain(appPassword);
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  @Order(7)
  void upOnARunningClusterIsRefusedWithOneLineAndChangesNothing() throws Exception {
    String before = Files.readString(dir.resolve("topology.json"));
    CliRun again = CliRun.baton(dir, "up");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errLines()).singleElement().asString().contains("already running");
    Flavor other = flavor() == Flavor.MYSQL ? Flavor.MARIADB : Flavor.MYSQL;
    CliRun otherFlavor = CliRun.baton(dir, "up", "--flavor", other.id());
    assertThat(otherFlavor.exitCode()).isEqualTo(1);
    assertThat(otherFlavor.errLines()).singleElement().asString().contains("holds a " + flavor().id() + " cluster");
    assertThat(Files.readString(dir.resolve("topology.json"))).isEqualTo(before);
    assertThat(status().path("routing").path("write").asText()).isEqualTo(primary().toString());
  }

  @Test
  @Order(8)
  void downStopsEverythingAndUpResumesTheSameClusterWithItsData() throws Exception {
    CliRun down = CliRun.baton(dir, "down");
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(ProcessCleanup.processesUnder(dir)).isEmpty();
    CliRun statusWhileDown = CliRun.baton(dir, "status");
    assertThat(statusWhileDown.exitCode()).isEqualTo(1);
    assertThat(statusWhileDown.errLines()).singleElement().asString().contains("not running");

    CliRun up = CliRun.baton(dir, "up");
    assertThat(up.exitCode()).as("%s %s", up.out(), up.err()).isZero();
    try (Connection c = Jdbc.open(endpoint("write"), "app", appPassword); Statement s = c.createStatement()) {
      s.execute("USE app");
      s.execute("INSERT INTO greetings VALUES (3, 'after resume')");
      assertThat(single(s, "SELECT COUNT(*) FROM greetings")).isEqualTo("2");
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(list(status().path("instances")))
        .filteredOn(i -> i.path("role").asText().equals("replica"))
        .allSatisfy(i -> assertThat(i.path("replicating").asBoolean()).isTrue()));
  }

  @Test
  @Order(9)
  void theRoutersHealthChecksLogInAndQuitSoNoServerCountsAnAbortedConnect() throws Exception {
    await().atMost(WAIT).untilAsserted(() -> assertThat(routerStats().path("backends"))
        .hasSize(3)
        .allSatisfy(b -> assertThat(b.path("health").asText()).isEqualTo("up")));
    // Other programs on a shared machine may knock on these ports too; a window in which every
    // backend was checked several times and no server counted an aborted connect is the proof.
    await().atMost(WAIT).untilAsserted(() -> {
      Map<InstanceAddress, Long> before = new HashMap<>();
      for (InstanceAddress a : instances()) {
        before.put(a, abortedConnects(a));
      }
      Thread.sleep(HEALTH_CHECK_ROUNDS.toMillis());
      for (InstanceAddress a : instances()) {
        assertThat(abortedConnects(a)).as("Aborted_connects of %s", a).isEqualTo(before.get(a));
      }
    });
    CliRun table = CliRun.baton(dir, "status");
    assertThat(table.out()).contains("Router http://127.0.0.1:", "ENDPOINT", "BACKEND", " up ")
        .containsPattern("\\(router process, pid [0-9]+; (io_uring|epoll|nio), [1-9][0-9]* event loops?\\)");
  }

  @Test
  @Order(10)
  void eachAgentAnswersTheLoadBalancerChecksForItsOwnInstance() throws Exception {
    ClusterSpec spec = new ClusterDirectory(dir).loadSpec();
    InstanceAddress primary = primary();
    await().atMost(WAIT).untilAsserted(() -> {
      for (NodeSpec n : spec.nodes()) {
        boolean isPrimary = spec.address(n).equals(primary);
        assertThat(check(spec, n, "/primary")).as("/primary of %s", n.name()).isEqualTo(isPrimary ? 200 : 503);
        assertThat(check(spec, n, "/replica")).as("/replica of %s", n.name()).isEqualTo(isPrimary ? 503 : 200);
        assertThat(check(spec, n, "/replica?lag=10")).isEqualTo(isPrimary ? 503 : 200);
        assertThat(check(spec, n, "/read-only")).isEqualTo(200);
        assertThat(check(spec, n, "/health")).isEqualTo(200);
      }
    });
  }

  @Test
  @Order(11)
  void aReplicaTooFarBehindLeavesTheReadSetAndComesBackOnlyWellBelowTheLimit() throws Exception {
    InstanceAddress lagging = replicas().get(0);
    String rootPassword = CliRun.baton(dir, "credentials", "root").out().trim();
    try (Connection w = Jdbc.open(endpoint("write"), "app", appPassword); Statement s = w.createStatement()) {
      s.execute("CREATE TABLE app.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
    }
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try (Connection w = Jdbc.open(endpoint("write"), "app", appPassword); Statement s = w.createStatement()) {
      writer.scheduleAtFixedRate(() -> {
        try {
          s.execute("INSERT INTO app.ticks () VALUES ()");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, 0, 200, TimeUnit.MILLISECONDS);

      delayReplication(lagging, rootPassword, 20);
      // While its replication restarts with the delay, its lag is unknown (-1), which excludes it too.
      await().atMost(LAG_WAIT).until(() -> !readSet().contains(lagging.toString()) && lagOf(lagging) > 10);

      delayReplication(lagging, rootPassword, 7);
      await().atMost(LAG_WAIT).until(() -> lagOf(lagging) >= 5 && lagOf(lagging) <= 10);
      for (int i = 0; i < 4; i++) {
        assertThat(readSet()).as("between the limits, an excluded replica stays out")
            .doesNotContain(lagging.toString());
        Thread.sleep(1000);
      }

      delayReplication(lagging, rootPassword, 0);
      await().atMost(LAG_WAIT).until(() -> readSet().contains(lagging.toString()));
    } finally {
      writer.shutdownNow();
      delayReplication(lagging, rootPassword, 0);
    }
  }

  private void delayReplication(InstanceAddress replica, String rootPassword, int seconds) throws SQLException {
    List<String> sql = flavor() == Flavor.MYSQL
        ? List.of("STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds,
            "START REPLICA SQL_THREAD")
        : List.of("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds, "START SLAVE");
    try (Connection c = Jdbc.open(replica, "root", rootPassword)) {
      Jdbc.execute(c, sql);
    }
  }

  private List<String> readSet() throws IOException {
    List<String> read = new ArrayList<>();
    status().path("routing").path("read").forEach(r -> read.add(r.asText()));
    return read;
  }

  private long lagOf(InstanceAddress replica) throws IOException {
    return list(status().path("instances")).stream().filter(i -> i.path("address").asText().equals(replica.toString()))
        .findFirst().orElseThrow().path("lagSeconds").asLong(-1);
  }

  private int check(ClusterSpec spec, NodeSpec node, String pathAndQuery) throws IOException, InterruptedException {
    URI uri = URI.create("http://" + spec.host() + ":" + node.apiPort() + pathAndQuery);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private JsonNode routerStats() throws IOException, InterruptedException {
    String url = Files.readString(new ClusterDirectory(dir).routerStatsUrl()).strip();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    return Json.MAPPER.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private long abortedConnects(InstanceAddress a) throws SQLException {
    try (Connection c = Jdbc.open(a, "app", appPassword); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Aborted_connects'")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(2);
    }
  }

  private List<InstanceAddress> instances() throws IOException {
    return list(status().path("instances")).stream().map(i -> InstanceAddress.parse(i.path("address").asText()))
        .toList();
  }

  private JsonNode status() throws IOException {
    CliRun run = CliRun.baton(dir, "status", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.MAPPER.readTree(run.out());
  }

  private InstanceAddress endpoint(String which) throws IOException {
    return InstanceAddress.parse(status().path("endpoints").path(which).asText());
  }

  private InstanceAddress primary() throws IOException {
    return InstanceAddress.parse(status().path("primary").asText());
  }

  private List<InstanceAddress> replicas() throws IOException {
    return list(status().path("instances")).stream().filter(i -> i.path("role").asText().equals("replica"))
        .map(i -> InstanceAddress.parse(i.path("address").asText())).toList();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  /** The CLI as a separate process, so the mysql client's own output can be read. */
  private String runBatonProcess(String... args) {
    CliRun run = CliRun.process(Map.of(), dir, args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out();
  }
}
