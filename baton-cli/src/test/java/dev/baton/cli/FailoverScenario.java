package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.routing.FollowingRouters;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failover and switchover on a real 3-node cluster, run once per flavor: a switchover under
 * connection load, switchover and the downtimed old primary, pause, SIGKILL of the primary with no acknowledged row lost and the old
 * primary's rejoin, an errant replica reported and passed over, broken replication reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FailoverScenario {
  static final Duration WAIT = Duration.ofSeconds(30);
  /** What a read-only (fenced) server answers to a write. */
  private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;

  private TestCluster cluster;
  private Path dir;
  private String appPassword;
  private String rootPassword;
  private int nextRow = 1;
  private InstanceAddress errantReplica;
  private InstanceAddress brokenReplica;

  abstract Flavor flavor();

  @BeforeAll
  void up() throws Exception {
    cluster = TestCluster.up("baton-fo-", flavor());
    dir = cluster.dir();
    appPassword = cluster.password("app");
    rootPassword = cluster.password("root");
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(status().path("manager").path("leader").isTextual()).isTrue());
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      try (Connection c = app(endpoint("write")); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS rows_written (id INT PRIMARY KEY)");
      }
    });
  }

  @AfterAll
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Clients that connect, insert one row and disconnect, over and over, during a switchover: no
   * connection attempt begun once the routers hold writes fails (it waits at the router), none
   * lands on the fenced primary (its writes would fail with ER_OPTION_PREVENTS_STATEMENT), and
   * every acknowledged row is on the new primary. What the old primary's sessions were doing
   * when the fence ended them may fail (one per client at most): a connection begun before the
   * hold that was still logging in, as on a loaded machine, or a write sent by a session opened
   * before the hold in the moment between the fence making the server read-only and ending its
   * sessions.
   */
  @Test
  @Order(0)
  void aSwitchoverUnderConnectionLoadFailsNoConnectionAttemptAndSendsNoWriteToTheFencedPrimary() throws Exception {
    InstanceAddress before = primary();
    InstanceAddress write = endpoint("write");
    List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
    List<EndedSession> failedConnects = Collections.synchronizedList(new ArrayList<>());
    List<EndedSession> refusedWrites = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ids = new AtomicInteger(1_000_000);
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      clients.add(new Thread(() -> {
        while (running.get()) {
          int id = ids.incrementAndGet();
          Connection c;
          Instant start = Instant.now();
          try {
            c = Jdbc.open(write, "app", appPassword);
          } catch (SQLException e) {
            failedConnects.add(new EndedSession(start, Instant.now(), e.getMessage()));
            continue;
          }
          try (c; Statement st = c.createStatement()) {
            st.execute("INSERT INTO app.rows_written VALUES (" + id + ")");
            acknowledged.add(id);
          } catch (SQLException e) {
            if (e.getErrorCode() == ER_OPTION_PREVENTS_STATEMENT) {
              refusedWrites.add(new EndedSession(start, Instant.now(), e.getMessage()));
            }
          }
        }
      }, "switchover-client-" + t));
    }
    try {
      clients.forEach(Thread::start);
      await().atMost(WAIT).until(() -> acknowledged.size() >= 20);
      CliRun sw = CliRun.baton(dir, "switchover", "--start-old-primary");
      assertThat(sw.exitCode()).as(sw.err()).isZero();
      int atSwitch = acknowledged.size();
      await().atMost(WAIT).until(() -> acknowledged.size() >= atSwitch + 20);
    } finally {
      running.set(false);
      for (Thread c : clients) {
        c.join(WAIT.toMillis());
      }
    }
    InstanceAddress after = primary();
    assertThat(after).isNotEqualTo(before);
    JsonNode switchover = recoveries().get(recoveries().size() - 1);
    Instant held = stepStart(switchover, "hold new writes").plusMillis(stepMillis(switchover, "hold new writes"));
    Instant fenced = stepStart(switchover, "fence");
    List<EndedSession> endedByTheFence = failedConnects.stream()
        .filter(f -> f.start().isBefore(held) && !f.end().isBefore(fenced)).toList();
    assertThat(failedConnects).as("connection attempts that failed, routers holding from " + held)
        .containsExactlyInAnyOrderElementsOf(endedByTheFence);
    assertThat(refusedWrites).as("writes refused as read-only, on connections begun from " + held + " the latest")
        .allMatch(r -> r.start().isBefore(held));
    assertThat(endedByTheFence.size() + refusedWrites.size())
        .as("sessions begun before the hold and ended by the fence: " + endedByTheFence + ", " + refusedWrites)
        .isLessThanOrEqualTo(clients.size());
    assertThat(rowsOn(after)).containsAll(List.copyOf(acknowledged));
    awaitEveryReplicaReplicating();
  }

  /**
   * A router that has not put the hold in force delays the fence until it does or is taken for
   * gone. Here a client names itself a router and follows the routing as one does, except that
   * once an answer holds writes it never asks again: a router stalled before applying the hold.
   */
  @Test
  @Order(1)
  void theFenceWaitsForARouterThatHasNotPutTheHoldInForce() throws Exception {
    URI agent = URI.create(status().path("endpoints").path("api").asText());
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<JsonNode> stalled = CompletableFuture.supplyAsync(() -> followUntilHeld(http, agent));
    await().atMost(WAIT).until(() -> routing(http, agent, 0, null).path("routers").toString().contains("stalled-router"));

    CliRun sw = CliRun.baton(dir, "switchover", "--start-old-primary");

    assertThat(sw.exitCode()).as(sw.err()).isZero();
    assertThat(stalled).succeedsWithin(WAIT);
    JsonNode hold = step(recoveries().get(recoveries().size() - 1), "hold new writes");
    assertThat(hold.path("millis").asLong()).as(hold.toString())
        .isGreaterThanOrEqualTo(FollowingRouters.GONE_AFTER.toMillis() / 2);
    // Taken for gone 1 s after its answer, or the hold's 1 s timeout passed first: either way it was waited for.
    assertThat(hold.path("outcome").asText()).matches("held by 3 of 3 agents and the \\d+ routers? following them"
        + "|.*routers not holding yet: stalled-router.*");
    awaitEveryReplicaReplicating();
  }

  /** Polls as a router named stalled-router does, until an answer routes writes nowhere; returns that answer. */
  private static JsonNode followUntilHeld(HttpClient http, URI agent) {
    long version = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode answer = routing(http, agent, version, "stalled-router");
      if (answer.path("write").isNull()) {
        return answer;
      }
      version = answer.path("version").asLong();
    }
    throw new AssertionError("the agent's routing never held writes within 60 s");
  }

  private static JsonNode routing(HttpClient http, URI agent, long after, String router) {
    try {
      String query = "/api/routing?after=" + after + (router == null ? "" : "&router=" + router);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(agent.resolve(query)).timeout(Duration.ofSeconds(30))
          .build(), HttpResponse.BodyHandlers.ofString());
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A switchover asked for the moment another finished is decided on a probe round taken after
   * it: the round before still saw the new primary read-only, and the second switchover was
   * refused ("the primary ... is not reachable and writable").
   */
  @Test
  @Order(2)
  void aSwitchoverRightAfterAnotherIsDecidedOnARoundTakenAfterIt() throws Exception {
    ClusterDirectory directory = new ClusterDirectory(dir);
    ClusterSpec spec = directory.loadSpec();
    String token = directory.credentials().load().apiToken();
    AgentClient agents = new AgentClient();
    InstanceAddress before = primary();

    AgentClient.Answer first = agents.post(spec, "/api/switchover?startOldPrimary=true", token, "");
    AgentClient.Answer second = agents.post(spec, "/api/switchover?startOldPrimary=true", token, "");

    assertThat(first.ok()).as(first.message()).isTrue();
    assertThat(second.ok()).as(second.message()).isTrue();
    assertThat(recoveries().get(recoveries().size() - 1).path("oldPrimary").asText()).isNotEqualTo(before.toString());
    awaitEveryReplicaReplicating();
  }

  @Test
  @Order(3)
  void switchoverHandsOverThePrimaryAndLeavesTheOldOneDowntimed() throws Exception {
    InstanceAddress before = primary();
    int row = writeRow();
    CliRun sw = CliRun.baton(dir, "switchover");
    assertThat(sw.exitCode()).as(sw.err()).isZero();
    InstanceAddress after = primary();
    assertThat(after).isNotEqualTo(before);
    assertThat(rowsOn(after)).contains(row);
    JsonNode old = instance(before);
    assertThat(old.path("role").asText()).isEqualTo("replica");
    assertThat(old.path("downtimed").asBoolean()).isTrue();
    int next = writeRow();
    assertThat(rowsOn(after)).contains(next);

    CliRun start = CliRun.baton(dir, "start-replica", "-i", before.toString());
    assertThat(start.exitCode()).as(start.err()).isZero();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(instance(before).path("replicating").asBoolean()).isTrue();
      assertThat(rowsOn(before)).contains(next);
    });
  }

  @Test
  @Order(4)
  void aSwitchoverWhoseCandidateCannotCatchUpIsRolledBackAndThePrimaryKeepsWriting() throws Exception {
    InstanceAddress primary = primary();
    InstanceAddress candidate = replicas().get(0);
    try (Connection c = Jdbc.open(candidate, "root", rootPassword); Statement s = c.createStatement()) {
      // The candidate's applier now waits for this lock; its threads still run.
      s.execute("FLUSH TABLES WITH READ LOCK");
      writeRow();
      CliRun sw = CliRun.baton(dir, "switchover", "--to", candidate.toString());
      assertThat(sw.exitCode()).isEqualTo(1);
      assertThat(sw.errLines()).singleElement().asString().contains("rolled back");
      s.execute("UNLOCK TABLES");
    }
    assertThat(primary()).isEqualTo(primary);
    await().atMost(WAIT).untilAsserted(() -> assertThat(instance(primary).path("readOnly").asBoolean()).isFalse());
    assertThat(writeRowOrFail()).isPresent();
    await().atMost(WAIT).untilAsserted(() -> assertThat(recoveries().get(recoveries().size() - 1)
        .path("status").asText()).isEqualTo("rolled-back"));
  }

  @Test
  @Order(5)
  void aPausedClusterDetectsButDoesNotFailOverUntilResumed() throws Exception {
    InstanceAddress old = primary();
    int row = writeRow();
    assertThat(CliRun.baton(dir, "pause").exitCode()).isZero();
    killServer(old);
    await().atMost(WAIT).untilAsserted(() -> assertThat(recoveries()).anySatisfy(r ->
        assertThat(r.path("status").asText()).isEqualTo("not-acted")));
    assertThat(primary()).isEqualTo(old);
    assertThat(CliRun.baton(dir, "resume").exitCode()).isZero();
    await().atMost(WAIT).untilAsserted(() -> assertThat(primary()).isNotEqualTo(old));
    assertThat(rowsOn(primary())).contains(row);
    await().atMost(WAIT).untilAsserted(() -> assertThat(writeRowOrFail()).isPresent());
    startServer(old);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode o = instance(old);
      assertThat(o.path("replicating").asBoolean()).as(o.toString()).isTrue();
      assertThat(o.path("source").asText()).isEqualTo(primary().toString());
    });
  }

  @Test
  @Order(6)
  void aKilledPrimaryIsReplacedWithNoAcknowledgedRowLostAndRejoinsWhenBack() throws Exception {
    assertThat(CliRun.baton(dir, "recoveries", "ack").exitCode()).isZero();
    InstanceAddress old = primary();
    List<Integer> acknowledged = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      acknowledged.add(writeRow());
    }
    killServer(old);
    await().atMost(WAIT).untilAsserted(() -> assertThat(primary()).isNotEqualTo(old));
    InstanceAddress now = primary();
    assertThat(rowsOn(now)).containsAll(acknowledged);
    await().atMost(WAIT).untilAsserted(() -> assertThat(writeRowOrFail()).isPresent());
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode record = recoveries().get(recoveries().size() - 1);
      assertThat(record.path("kind").asText()).isEqualTo("failover");
      assertThat(record.path("status").asText()).isEqualTo("succeeded");
      assertThat(record.path("trigger").asText()).startsWith("DeadPrimary");
    });

    startServer(old);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(instance(old).path("replicating").asBoolean()).isTrue());
    assertThat(instance(old).path("readOnly").asBoolean()).isTrue();
  }

  @Test
  @Order(7)
  void aPreFailoverHookVetoesAndPostFailoverHooksGetThePlaceholders() throws Exception {
    Path hooks = dir.resolve("hooks.json");
    Path out = dir.resolve("post-failover.txt");
    try {
      Files.writeString(hooks, "{\"preFailover\": [\"echo change freeze in force; exit 1\"]}");
      InstanceAddress old = primary();
      CliRun vetoed = CliRun.baton(dir, "failover", "--force");
      assertThat(vetoed.exitCode()).isEqualTo(1);
      assertThat(vetoed.errLines()).singleElement().asString()
          .contains("vetoed by the preFailover hook (exit 1): change freeze in force");
      assertThat(primary()).isEqualTo(old);

      Files.writeString(hooks, "{\"postFailover\": [\"echo {failureType} {failedPort} {successorPort}"
          + " $BATON_IS_SUCCESSFUL > " + out + "\"]}");
      CliRun fo = CliRun.baton(dir, "failover", "--force");
      assertThat(fo.exitCode()).as(fo.err()).isZero();
      InstanceAddress now = primary();
      assertThat(Files.readString(out).trim()).isEqualTo("operator " + old.port() + " " + now.port() + " true");
    } finally {
      Files.deleteIfExists(hooks);
    }
  }

  @Test
  @Order(8)
  void anErrantReplicaIsReportedAndNotPromoted() throws Exception {
    assumeMysqlForErrantScenarios();
    assertThat(CliRun.baton(dir, "recoveries", "ack").exitCode()).isZero();
    awaitEveryReplicaReplicating();
    InstanceAddress errant = replicas().get(0);
    errantReplica = errant;
    try (Connection c = Jdbc.open(errant, "root", rootPassword); Statement s = c.createStatement()) {
      if (flavor() == Flavor.MYSQL) {
        s.execute("SET GLOBAL super_read_only = OFF");
      }
      s.execute("SET GLOBAL read_only = OFF");
      s.execute("CREATE TABLE app.errant_write (id INT PRIMARY KEY)");
      s.execute("SET GLOBAL read_only = ON");
      if (flavor() == Flavor.MYSQL) {
        s.execute("SET GLOBAL super_read_only = ON");
      }
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(problems())
        .anySatisfy(p -> assertThat(p).startsWith("ErrantGtid " + errant)));
    // The cluster goes on taking writes. (On MariaDB a position cannot set an errant write apart
    // within its domain: until the others move past it, Baton refuses rather than guess.)
    int row = writeRow();
    await().atMost(WAIT).untilAsserted(() -> assertThat(replicas()).allSatisfy(r -> {
      if (!r.equals(errant)) {
        assertThat(rowsOn(r)).contains(row);
      }
    }));
    InstanceAddress old = primary();
    CliRun fo = CliRun.baton(dir, "failover");
    assertThat(fo.exitCode()).as(fo.err()).isZero();
    assertThat(primary()).isNotEqualTo(old).isNotEqualTo(errant);
  }

  @Test
  @Order(9)
  void promotingTheErrantReplicaOnRequestIsRefusedWithOneLine() throws Exception {
    assumeMysqlForErrantScenarios();
    // Remembered from the previous test: once the new primary's sequence passes a MariaDB
    // replica's errant write, positions no longer show it (the replica's replication breaks instead).
    InstanceAddress errant = errantReplica;
    CliRun fo = CliRun.baton(dir, "failover", "--to", errant.toString(), "--force");
    assertThat(fo.exitCode()).isEqualTo(1);
    assertThat(fo.errLines()).singleElement().asString().contains("refusing to promote " + errant);
  }

  @Test
  @Order(11)
  void brokenReplicationIsReportedWithTheServersError() throws Exception {
    // The old primary of the last failover rejoins once the manager has checked its GTIDs.
    InstanceAddress replica = await().atMost(WAIT).until(() -> {
      String known = problems().toString();
      return replicas().stream().filter(r -> !known.contains("ErrantGtid " + r)).findFirst();
    }, Optional::isPresent).orElseThrow();
    int id = 1_000_000;
    try (Connection c = Jdbc.open(replica, "root", rootPassword); Statement s = c.createStatement()) {
      if (flavor() == Flavor.MYSQL) {
        s.execute("SET GLOBAL super_read_only = OFF");
      }
      s.execute("SET GLOBAL read_only = OFF");
      s.execute("INSERT INTO app.rows_written VALUES (" + id + ")");
      s.execute("SET GLOBAL read_only = ON");
    }
    try (Connection c = app(endpoint("write")); Statement s = c.createStatement()) {
      s.execute("INSERT INTO rows_written VALUES (" + id + ")");
    }
    // MySQL stops on the duplicate key; MariaDB's strict GTID mode stops earlier, on the out-of-order GTID.
    String cause = flavor() == Flavor.MYSQL ? "duplicate" : "out-of-order";
    await().atMost(WAIT).untilAsserted(() -> assertThat(problems())
        .anySatisfy(p -> assertThat(p).startsWith("ReplicationBroken " + replica).containsIgnoringCase(cause)));
    brokenReplica = replica;
  }

  /** What an operator does with a replica that holds a row the primary also wrote: rebuild it from a donor. */
  @Test
  @Order(12)
  void reseedRebuildsTheBrokenReplicaWhichThenReplicatesEveryRow() throws Exception {
    Assumptions.assumeTrue(flavor() == Flavor.MYSQL, "reseed uses MySQL's CLONE; MariaDB has none yet");
    Assumptions.assumeTrue(brokenReplica != null, "needs the broken replica of the previous test");
    int before = writeRow();

    CliRun reseed = CliRun.baton(dir, "reseed", "-i", brokenReplica.toString());

    assertThat(reseed.exitCode()).as(reseed.err()).isZero();
    assertThat(reseed.out()).contains(brokenReplica + " rebuilt from ");
    int after = writeRow();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(rowsOn(brokenReplica)).contains(before, after, 1_000_000);
      assertThat(problems()).noneSatisfy(p -> assertThat(p).contains(brokenReplica.toString()));
    });
  }

  /**
   * Before the reseed: MySQL 9.7 failed its crash recovery (an InnoDB assertion) when a freshly
   * cloned instance was killed within seconds of its first start.
   */
  @Test
  @Order(10)
  void aStoppedReplicaIsReportedTheClusterKeepsWritingAndItCatchesUpWhenBack() throws Exception {
    // A replicating one the manager finds nothing wrong with: earlier tests leave a broken replica
    // on MariaDB (no reseed there) and may leave an old primary with a commit no client was told of.
    InstanceAddress stopped = await().atMost(WAIT).until(() -> {
      String known = problems().toString();
      return replicas().stream().filter(r -> !known.contains(r.toString())).findFirst();
    }, Optional::isPresent).orElseThrow();
    InstanceAddress primary = primary();

    killServer(stopped);

    await().atMost(WAIT).untilAsserted(() -> assertThat(problems())
        .anySatisfy(p -> assertThat(p).startsWith("UnreachableReplica " + stopped)));
    int row = writeRow();
    assertThat(primary()).isEqualTo(primary);
    startServer(stopped);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(instance(stopped).path("replicating").asBoolean()).isTrue();
      assertThat(rowsOn(stopped)).contains(row);
    });
  }

  /**
   * MariaDB positions keep one sequence number per domain, so an errant write in the shared
   * domain 0 cannot be told apart from the primary's own next transaction: whether Baton refuses
   * (its conservative rule) or promotes the clean replica depends on which commits first. The
   * unit tests of CandidateChooser pin that rule down; end to end it is checked on MySQL.
   */
  private void assumeMysqlForErrantScenarios() {
    Assumptions.assumeTrue(flavor() == Flavor.MYSQL, "errant-GTID scenarios are deterministic on MySQL only");
  }

  /** The previous test's old primary rejoins a round or two after its failover. */
  private void awaitEveryReplicaReplicating() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode s = status();
      for (JsonNode i : s.path("instances")) {
        if (i.path("role").asText().equals("replica")) {
          assertThat(i.path("replicating").asBoolean()).as(i.toString()).isTrue();
        }
      }
    });
  }

  private int writeRow() throws SQLException, IOException {
    int id = nextRow++;
    try (Connection c = app(endpoint("write")); Statement s = c.createStatement()) {
      s.execute("INSERT INTO rows_written VALUES (" + id + ")");
    }
    return id;
  }

  private Optional<Integer> writeRowOrFail() {
    try {
      return Optional.of(writeRow());
    } catch (SQLException | IOException e) {
      return Optional.empty();
    }
  }

  private List<Integer> rowsOn(InstanceAddress instance) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = app(instance); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM rows_written")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  private Connection app(InstanceAddress at) throws SQLException {
    Connection c = Jdbc.open(at, "app", appPassword);
    try (Statement s = c.createStatement()) {
      s.execute("USE app");
    }
    return c;
  }

  private void killServer(InstanceAddress instance) throws IOException {
    ClusterDirectory d = new ClusterDirectory(dir);
    ClusterSpec spec = d.loadSpec();
    long pid = Pids.read(d.instance(spec.nodeAt(instance).orElseThrow()).pidFile()).orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
  }

  /** What an operator (or the ASG) does after a crash: the server comes back, read-only by its my.cnf. */
  private void startServer(InstanceAddress instance) throws Exception {
    ClusterDirectory d = new ClusterDirectory(dir);
    ClusterSpec spec = d.loadSpec();
    new ServerProcess(new ServerDistributions(System.getenv()).locate(spec.flavor()),
        d.instance(spec.nodeAt(instance).orElseThrow())).start(ServerProcess.DEFAULT_START_TIMEOUT);
  }

  private JsonNode status() throws IOException {
    CliRun run = CliRun.baton(dir, "status", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.MAPPER.readTree(run.out());
  }

  private List<String> problems() throws IOException {
    List<String> out = new ArrayList<>();
    status().path("manager").path("problems").forEach(p -> out.add(p.asText()));
    return out;
  }

  /**
   * A connection attempt begun at {@code start} that failed, or whose write was refused, at {@code end}:
   * wall-clock times, comparable to the audit record's.
   */
  private record EndedSession(Instant start, Instant end, String message) {}

  private static JsonNode step(JsonNode record, String prefix) {
    for (JsonNode e : record.path("entries")) {
      if (e.path("what").asText().startsWith(prefix)) {
        return e;
      }
    }
    throw new AssertionError("no step starting '" + prefix + "' in " + record);
  }

  private static Instant stepStart(JsonNode record, String prefix) {
    return Instant.parse(step(record, prefix).path("at").asText());
  }

  private static long stepMillis(JsonNode record, String prefix) {
    return step(record, prefix).path("millis").asLong();
  }

  private List<JsonNode> recoveries() throws IOException {
    CliRun run = CliRun.baton(dir, "recoveries", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    Json.MAPPER.readTree(run.out()).forEach(out::add);
    return out;
  }

  private InstanceAddress endpoint(String which) throws IOException {
    return InstanceAddress.parse(status().path("endpoints").path(which).asText());
  }

  private InstanceAddress primary() throws IOException {
    return InstanceAddress.parse(status().path("primary").asText());
  }

  private JsonNode instance(InstanceAddress address) throws IOException {
    for (JsonNode i : status().path("instances")) {
      if (i.path("address").asText().equals(address.toString())) {
        return i;
      }
    }
    throw new AssertionError("no instance " + address);
  }

  private List<InstanceAddress> replicas() throws IOException {
    List<InstanceAddress> out = new ArrayList<>();
    for (JsonNode i : status().path("instances")) {
      if (i.path("role").asText().equals("replica") && i.path("replicating").asBoolean()) {
        out.add(InstanceAddress.parse(i.path("address").asText()));
      }
    }
    return out;
  }
}
