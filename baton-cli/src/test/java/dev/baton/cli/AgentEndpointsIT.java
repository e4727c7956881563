package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.RouterPlacement;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A local cluster whose endpoints run inside its agents ('baton up --router agents'), on real
 * MariaDB servers: one agent serves them, a switchover's write hold waits for that router, and
 * when the serving agent is killed another takes the endpoints over; 'up' starts the killed
 * agent again, moves the router back into a process of its own, and starts that again once killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentEndpointsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private TestCluster cluster;
  private ClusterDirectory dir;
  private String appPassword;

  @BeforeAll
  void up() throws IOException {
    cluster = TestCluster.up("baton-agent-endpoints-", Flavor.MARIADB, "--router", "agents");
    dir = new ClusterDirectory(cluster.dir());
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
  void oneAgentServesTheEndpointsAndThereIsNoRouterProcess() throws Exception {
    assertThat(cluster.upOutput()).contains("served by one of the agents");
    assertThat(dir.loadSpec().router()).isEqualTo(RouterPlacement.AGENTS);
    assertThat(Files.exists(dir.routerPid())).isFalse();
    assertThat(servingAgent()).isPresent();

    insertThroughWriteEndpoint("before");
    awaitReadThroughReadEndpoint("before");
    CliRun status = CliRun.baton(dir.root(), "status");
    assertThat(status.out()).contains("Router http://", "agent of node", "ENDPOINT", "BACKEND");
  }

  /**
   * The router starts with the agent, before any holder of master_lock is known, and follows its
   * own agent first: it must move to the holder once there is one, not at the next routing change.
   */
  @Test
  @Order(2)
  void theRouterInAnAgentFollowsTheMasterLockHolder() throws Exception {
    await().atMost(WAIT).until(() -> {
      String leader = Json.MAPPER.readTree(CliRun.baton(dir.root(), "status", "--json").out()).path("manager")
          .path("leader").asText("");
      NodeSpec serving = servingAgent().orElseThrow();
      return !leader.isEmpty() && (leader.endsWith(":" + serving.apiPort())
          || Files.readString(dir.agentLog(serving)).contains("following the routing of " + leader));
    });
  }

  @Test
  @Order(3)
  void aSwitchoverHoldsWritesInTheAgentsRouterToo() throws Exception {
    CliRun sw = CliRun.baton(dir.root(), "switchover", "--start-old-primary");
    assertThat(sw.exitCode()).as(sw.err()).isZero();

    CliRun recoveries = CliRun.baton(dir.root(), "recoveries", "--json");
    JsonNode all = Json.MAPPER.readTree(recoveries.out());
    JsonNode last = all.get(all.size() - 1);
    String held = null;
    for (JsonNode e : last.path("entries")) {
      if (e.path("what").asText().startsWith("hold new writes")) {
        held = e.path("outcome").asText();
      }
    }
    assertThat(held).as(last.toString()).isEqualTo("held by 3 of 3 agents and the 1 router following them");
    awaitInsertThroughWriteEndpoint("after switchover");
  }

  @Test
  @Order(4)
  void whenTheServingAgentIsKilledAnotherTakesTheEndpointsOver() throws Exception {
    NodeSpec serving = servingAgent().orElseThrow();
    long pid = Pids.read(dir.agentPid(serving)).orElseThrow();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await().atMost(WAIT).until(() -> servingAgent().filter(n -> n.id() != serving.id()).isPresent());
    awaitInsertThroughWriteEndpoint("after takeover");
    awaitReadThroughReadEndpoint("before", "after switchover", "after takeover");
    assertThat(Files.readString(dir.agentLog(servingAgent().orElseThrow()))).contains("after standing by");
  }

  @Test
  @Order(5)
  void upStartsTheKilledAgentAgainAndLeavesTheOthersRunning() throws Exception {
    ClusterSpec spec = dir.loadSpec();
    List<Long> running = new ArrayList<>();
    for (NodeSpec n : spec.nodes()) {
      Pids.read(dir.agentPid(n)).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .ifPresent(running::add);
    }
    assertThat(running).hasSize(spec.nodes().size() - 1);

    CliRun up = CliRun.baton(dir.root(), "up");

    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("starting the agent of node", "not running, while the rest of cluster");
    for (NodeSpec n : spec.nodes()) {
      long pid = Pids.read(dir.agentPid(n)).orElseThrow();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("agent of %s", n.name()).contains(true);
    }
    for (long pid : running) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid %d untouched", pid).contains(true);
    }
    awaitInsertThroughWriteEndpoint("after restart");
  }

  @Test
  @Order(6)
  void upMovesTheEndpointsBackIntoARouterProcess() throws Exception {
    CliRun down = CliRun.baton(dir.root(), "down");
    assertThat(down.exitCode()).as(down.err()).isZero();

    CliRun up = CliRun.baton(dir.root(), "up", "--router", "process");

    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("moving the endpoints from the agents to the router process")
        .doesNotContain("served by one of the agents");
    assertThat(dir.loadSpec().router()).isEqualTo(RouterPlacement.PROCESS);
    assertThat(Files.exists(dir.routerPid())).isTrue();
    assertThat(CliRun.baton(dir.root(), "status").out()).contains("router process, pid");
    awaitReadThroughReadEndpoint("before", "after switchover", "after takeover");
  }

  @Test
  @Order(7)
  void upStartsAKilledRouterProcessAgainAndThenHasNothingToStart() throws Exception {
    ProcessHandle router = ProcessHandle.of(Pids.read(dir.routerPid()).orElseThrow()).orElseThrow();
    router.destroyForcibly();
    router.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    CliRun up = CliRun.baton(dir.root(), "up");

    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("starting the router: not running, while the rest of cluster");
    assertThat(Pids.read(dir.routerPid())).hasValueSatisfying(pid -> assertThat(pid).isNotEqualTo(router.pid()));
    awaitInsertThroughWriteEndpoint("after router restart");
    awaitReadThroughReadEndpoint("before", "after router restart");
    CliRun again = CliRun.baton(dir.root(), "up");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errLines()).singleElement().asString().contains("already running");
  }

  @Test
  @Order(8)
  void anUnknownPlacementIsOneLineAndChangesNothing() throws Exception {
    CliRun up = CliRun.baton(dir.root(), "up", "--router", "agent");

    assertThat(up.exitCode()).isNotZero();
    assertThat(up.err().strip()).doesNotContain("\n").contains("router placement 'agent'", "process, agents");
    assertThat(dir.loadSpec().router()).isEqualTo(RouterPlacement.PROCESS);
  }

  @Test
  @Order(9)
  void proxyHeadersCannotBeAskedOfAClusterCreatedWithoutThem() throws Exception {
    CliRun down = CliRun.baton(dir.root(), "down");
    assertThat(down.exitCode()).as(down.err()).isZero();

    CliRun up = CliRun.baton(dir.root(), "up", "--proxy-protocol");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.errLines()).singleElement().asString().contains("without --proxy-protocol", "omit --proxy-protocol");
    assertThat(dir.loadSpec().proxyProtocol()).isFalse();
  }

  /** The node whose agent serves the endpoints now, as the router's stats say. */
  private Optional<NodeSpec> servingAgent() throws IOException {
    ClusterSpec spec = dir.loadSpec();
    try {
      String url = Files.readString(dir.routerStatsUrl()).strip();
      String servedBy = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body()).path("servedBy").asText();
      return spec.nodes().stream().filter(n -> servedBy.startsWith("agent of " + n.name() + ",")).findFirst();
    } catch (IOException | InterruptedException e) {
      return Optional.empty();
    }
  }

  private void awaitInsertThroughWriteEndpoint(String note) {
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      insertThroughWriteEndpoint(note);
      return true;
    });
  }

  private void insertThroughWriteEndpoint(String note) throws SQLException, IOException {
    InstanceAddress write = dir.loadSpec().writeEndpoint();
    try (Connection c = Jdbc.open(write, "app", appPassword); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS app.notes (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))");
      s.execute("INSERT INTO app.notes (note) VALUES ('" + note + "')");
    }
  }

  /** Waits until a replica behind the read endpoint has every note given: replicas may lag a moment. */
  private void awaitReadThroughReadEndpoint(String... notes) throws IOException {
    InstanceAddress read = dir.loadSpec().readEndpoint();
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      List<String> seen = new ArrayList<>();
      try (Connection c = Jdbc.open(read, "app", appPassword); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT note FROM app.notes ORDER BY id")) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
      return seen.containsAll(List.of(notes));
    });
  }
}
