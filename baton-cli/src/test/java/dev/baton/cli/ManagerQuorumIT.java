package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.recovery.LeaseKeeper;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managers' quorum on a real 3-node MySQL cluster: the one-line refusals of {@code baton raft
 * add|remove}, a primary cut off from the quorum that fences itself, and the death of the
 * manager that runs a failover.
 *
 * <p>Fault injection for the fence: SIGSTOP of the two agents that are not on the primary's
 * host. Their Raft peers freeze, so the primary's agent is left a minority of one, while its own
 * mysqld (and the clients connected to it) keep running, as on a host partitioned from the other
 * managers. Both agents get SIGCONT in a finally, before the cluster is stopped.
 *
 * <p>Fault injection for the failover: SIGSTOP of the primary's mysqld (its fence then takes the
 * dead-primary fence timeout, which keeps the failover running long enough to be caught), then
 * SIGKILL of the agent that runs the failover as soon as the audit shows it running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerQuorumIT {
  private static final Logger log = LoggerFactory.getLogger(ManagerQuorumIT.class);
  /** The rule fences within the TTL of the last answer; the rest is room for a loaded machine. */
  private static final Duration FENCE_BOUND = LeaseKeeper.DEFAULT_TTL.plus(Duration.ofSeconds(5));
  private static final Duration WAIT = Duration.ofSeconds(90);

  private TestCluster cluster;
  private Path dir;
  private String rootPassword;
  private String appPassword;

  @BeforeAll
  void up() throws Exception {
    cluster = TestCluster.up("baton-fence-", Flavor.MYSQL);
    dir = cluster.dir();
    rootPassword = cluster.password("root");
    appPassword = cluster.password("app");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(status().path("manager").path("leader").isTextual()).isTrue());
  }

  @AfterAll
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void membershipChangesThatCannotWorkAreRefusedWithOneLine() throws IOException {
    ClusterSpec spec = new ClusterDirectory(dir).loadSpec();
    String taken = new InstanceAddress(spec.host(), spec.node(1).raftPort()).toString();
    assertRefused(CliRun.baton(dir, "raft", "remove", "--id", "node9"),
        "no Raft peer 'node9'; members: node1, node2, node3");
    assertRefused(CliRun.baton(dir, "raft", "add", "--id", "node4", "--address", taken),
        "Raft address " + taken + " is already used by peer node1@" + taken);
    assertRefused(CliRun.baton(dir, "raft", "add", "--id", "node2", "--address", "127.0.0.1:1"),
        "Raft peer id 'node2' is already a member");
    assertRefused(CliRun.baton(dir, "raft", "add", "--id", "node4", "--address", "nowhere"),
        "'nowhere' is not an address");
    assertRefused(CliRun.baton(dir, "raft", "add", "--id", "node4", "--address", "127.0.0.1:1", "--api-url", "ftp://x"),
        "apiUrl 'ftp://x' is not an http(s) URL with a host");
    CliRun peers = CliRun.baton(dir, "raft", "peers", "--json");
    assertThat(Json.MAPPER.readTree(peers.out()).path("peers")).hasSize(3);
  }

  @Test
  @Order(2)
  void aPrimaryWhoseAgentLosesTheQuorumBecomesSuperReadOnlyAndItsClientsAreCut() throws Exception {
    InstanceAddress primary = InstanceAddress.parse(status().path("primary").asText());
    await().atMost(WAIT).until(() -> !superReadOnly(primary));
    ClusterDirectory d = new ClusterDirectory(dir);
    ClusterSpec spec = d.loadSpec();
    NodeSpec primaryNode = spec.nodeAt(primary).orElseThrow();
    List<Long> others = spec.nodes().stream().filter(n -> !n.equals(primaryNode))
        .map(n -> Pids.read(d.agentPid(n)).orElseThrow()).toList();
    // An application's session: the manager cannot end root's (SYSTEM_USER) sessions.
    try (Connection client = Jdbc.open(primary, "app", appPassword)) {
      long stopped = System.nanoTime();
      try {
        others.forEach(pid -> signal("STOP", pid));
        await("super_read_only on " + primary).atMost(FENCE_BOUND).pollInterval(Duration.ofMillis(100))
            .until(() -> superReadOnly(primary));
        log.info("primary {} fenced itself {} ms after the other agents were stopped", primary,
            (System.nanoTime() - stopped) / 1_000_000);
        // The fence sets super_read_only first and then ends the sessions: the poll above may
        // see the first before the second is done.
        await("a client session of the fenced primary ended").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> catchThrowable(() -> client.createStatement().execute("SELECT 1")) instanceof SQLException);
      } finally {
        others.forEach(pid -> signal("CONT", pid));
      }
    }
  }

  @Test
  @Order(3)
  void whenTheManagerRunningAFailoverDiesTheNextLeaderFinishesItExactlyOnce() throws Exception {
    // The managers stopped by the test before have just come back: the lock may still be moving.
    await("recoveries acknowledged").atMost(WAIT).pollInterval(Duration.ofMillis(500))
        .until(() -> CliRun.baton(dir, "recoveries", "ack").exitCode() == 0);
    InstanceAddress primary = InstanceAddress.parse(status().path("primary").asText());
    await("writes on " + primary).atMost(WAIT).until(() -> !superReadOnly(primary));
    ClusterDirectory d = new ClusterDirectory(dir);
    ClusterSpec spec = d.loadSpec();
    long mysqld = Pids.read(d.instance(spec.nodeAt(primary).orElseThrow()).pidFile()).orElseThrow();
    Instant faultAt = Instant.now();
    signal("STOP", mysqld);
    JsonNode running;
    try {
      running = await("a failover running").atMost(WAIT).pollInterval(Duration.ofMillis(20))
          .until(() -> failoversSince(faultAt).stream().findFirst(), Optional::isPresent).orElseThrow();
      Assumptions.assumeTrue("running".equals(running.path("status").asText()),
          "the failover ended before its manager could be killed: " + running);
      URI manager = URI.create(running.path("manager").asText());
      NodeSpec managerNode = spec.nodes().stream().filter(n -> n.apiPort() == manager.getPort()).findFirst().orElseThrow();
      ProcessHandle.of(Pids.read(d.agentPid(managerNode)).orElseThrow()).orElseThrow().destroyForcibly();
      log.info("killed the agent of {} while it ran {}", managerNode.name(), running.path("id").asText());
    } finally {
      // The plan's hard fence kills the stopped server; this only matters when it did not get that far.
      ProcessHandle.of(mysqld).ifPresent(p -> signal("CONT", mysqld));
    }
    String id = running.path("id").asText();
    InstanceAddress successor = InstanceAddress.parse(running.path("newPrimary").asText());

    await("the failover finished by another manager").atMost(WAIT).untilAsserted(() -> {
      List<JsonNode> failovers = failoversSince(faultAt);
      assertThat(failovers).singleElement().satisfies(r -> {
        assertThat(r.path("id").asText()).isEqualTo(id);
        assertThat(r.path("status").asText()).isEqualTo("succeeded");
        assertThat(r.path("manager").asText()).isNotEqualTo(running.path("manager").asText());
      });
      assertThat(status().path("primary").asText()).isEqualTo(successor.toString());
    });
    await("writes on the new primary " + successor).atMost(WAIT).until(() -> !superReadOnly(successor));
  }

  /** The failovers whose faults came after {@code since}, oldest first, from any agent that answers. */
  private List<JsonNode> failoversSince(Instant since) throws IOException {
    CliRun run = CliRun.baton(dir, "recoveries", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : Json.MAPPER.readTree(run.out())) {
      if (r.path("kind").asText().equals("failover") && !Instant.parse(r.path("started").asText()).isBefore(since)) {
        out.add(r);
      }
    }
    return out;
  }

  private boolean superReadOnly(InstanceAddress instance) throws SQLException {
    try (Connection c = Jdbc.open(instance, "root", rootPassword); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@global.super_read_only")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void signal(String name, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("kill -" + name + " " + pid + " could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(CliRun run, String start) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().startsWith("baton: " + start);
  }

  private JsonNode status() throws IOException {
    CliRun run = CliRun.baton(dir, "status", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.MAPPER.readTree(run.out());
  }
}
