package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * through an endpoint, then down and resume with the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LocalClusterScenario {
  static final Duration WAIT = Duration.ofSeconds(30);

  private Path dir;
  private String appPassword;

  abstract Flavor flavor();

  @BeforeAll
  void up() throws IOException {
    dir = Files.createTempDirectory("baton-it-").resolve("cluster");
    CliRun up = CliRun.baton(dir, "up", "--flavor", flavor().id());
    assertThat(up.exitCode()).as("baton up: %s %s", up.out(), up.err()).isZero();
    assertThat(up.out()).contains("write endpoint", "read endpoint", "API");
    CliRun pw = CliRun.baton(dir, "credentials", "app");
    assertThat(pw.exitCode()).isZero();
    appPassword = pw.out().trim();
  }

  @AfterAll
  void down() {
    try {
      CliRun.baton(dir, "down");
    } finally {
      ProcessCleanup.killAllUnder(dir);
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
