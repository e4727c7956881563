package dev.baton.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.local.Daemons;
import dev.baton.cli.JavaLauncher;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "failover", description = {
    "Measure failover: a writer inserts numbered rows through the write endpoint; each round kills the primary's",
    "mysqld (kill), freezes it (stop), kills it together with the master_lock holder's agent on the same node",
    "(host: the worst case), or runs a switchover, and reports detection, promotion, fault -> first write,",
    "rows lost, errant transactions and whether two instances accepted writes at once. Medians go to",
    "docs/benchmarks.md. Runs on a new cluster in a temporary directory unless --dir names a running one."})
public final class BenchFailoverCommand implements Callable<Integer> {
  enum Mode { kill, stop, host, switchover }

  static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

  @Spec CommandSpec cmd;

  @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default: 5).")
  int rounds = 5;

  @Option(names = "--mode", paramLabel = "kill|stop|host|switchover", description = "Fault to inject (default: kill).")
  Mode mode = Mode.kill;

  @Option(names = "--flavor", paramLabel = "mysql|mariadb", description = "Flavor of the new cluster (default: mysql).")
  String flavor = "mysql";

  @Option(names = "--dir", paramLabel = "DIR", description = "Use this running cluster instead of a new one.")
  Path dir;

  @Option(names = "--report", paramLabel = "FILE", description = "Append medians here (default: docs/benchmarks.md).")
  Path report = Path.of("docs", "benchmarks.md");

  /** The primary the last round's fault struck, if any. */
  private Optional<InstanceAddress> lastFaulted = Optional.empty();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private ClusterSpec spec;
  private Credentials credentials;
  private ClusterDirectory cluster;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || rounds > 100) {
      throw new InvalidSettingException("--rounds " + rounds + " is out of range: use 1-100");
    }
    PrintWriter out = cmd.commandLine().getOut();
    Path work = dir != null ? dir : Files.createTempDirectory("baton-bench-").resolve("cluster");
    if (dir == null) {
      int up = batonCli().execute("up", "--dir", work.toString(), "--flavor", flavor);
      if (up != 0) {
        return up;
      }
    }
    cluster = new ClusterDirectory(work);
    spec = cluster.loadSpec();
    credentials = cluster.credentials().load();
    try {
      return run(out);
    } finally {
      if (dir == null) {
        batonCli().execute("down", "--dir", work.toString());
      }
    }
  }

  private int run(PrintWriter out) throws Exception {
    InstanceAddress write = spec.writeEndpoint();
    try (Connection c = Jdbc.open(write, "app", credentials.password(DbUser.APP)); Statement s = c.createStatement()) {
      s.execute("USE app");
      s.execute("DROP TABLE IF EXISTS bench_rows");
      s.execute("CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))");
    }
    String load = BenchmarkDoc.loadAverage();
    AckLog log = new AckLog();
    List<FailoverRound> results = new ArrayList<>();
    try (RowWriter writer = new RowWriter(write, "app", credentials.password(DbUser.APP), log);
        WritableSampler sampler = new WritableSampler(spec.instances(), DbUser.MONITOR.userName(),
            credentials.password(DbUser.MONITOR))) {
      writer.start();
      sampler.start();
      out.printf("%-5s %-10s %-16s %-16s %10s %9s %9s %11s %8s %6s %8s %5s %6s %8s%n", "ROUND", "MODE", "OLD PRIMARY",
          "NEW PRIMARY", "RAFT LEADER", "DETECT ms", "PROMOTE", "1ST WRITE", "BLOCKED", "FAILED", "CONNECTS", "LOST",
          "ERRANT", "2 WRITABLE");
      for (int r = 1; r <= rounds; r++) {
        FailoverRound round = round(r, log, sampler);
        results.add(round);
        out.printf("%-5d %-10s %-16s %-16s %10d %9d %9d %11d %8d %6d %8d %5d %6d %8d%n", r, round.mode(),
            round.oldPrimary(), round.newPrimary(), round.newLeaderMillis(), round.detectionMillis(),
            round.promotionMillis(),
            round.firstWriteMillis(), round.blockedMillis(), round.failedAttempts(), round.failedConnects(),
            round.lostRows(), round.errantReplicas(), round.writableOverlaps());
        out.flush();
      }
    }
    String summary = FailoverReport.markdown(spec, mode.name(), results, Instant.now(), load);
    out.println();
    out.println(summary);
    BenchmarkDoc.append(report, FailoverReport.SECTION, "\n" + summary);
    out.println("Appended to " + report.toAbsolutePath());
    return 0;
  }

  private FailoverRound round(int number, AckLog log, WritableSampler sampler) throws Exception {
    settle();
    post("/api/recoveries/ack");
    // The lock moves with the Raft leadership, which may change while the primary is moved: check
    // again right before the fault.
    for (int attempt = 1; mode == Mode.host && !holderIsOnThePrimarysNode(); attempt++) {
      if (attempt > 5) {
        throw new IllegalStateException("the master_lock holder kept moving; no host failure could be set up");
      }
      putPrimaryOnTheManagersNode();
    }
    InstanceAddress old = InstanceAddress.parse(status().path("primary").asText());
    lastFaulted = Optional.of(old);
    NodeSpec oldNode = spec.nodeAt(old).orElseThrow();
    long termBefore = getFrom(oldNode, "/api/raft-state").path("term").asLong();
    long overlapsBefore = sampler.overlaps();
    long t0 = System.currentTimeMillis();
    inject(old);
    CompletableFuture<Long> newLeader = mode == Mode.host
        ? CompletableFuture.supplyAsync(() -> newLeaderMillis(oldNode, termBefore, t0))
        : CompletableFuture.completedFuture(-1L);
    long injected = System.currentTimeMillis();
    await(() -> !old.toString().equals(status().path("primary").asText()), "a new primary after " + mode);
    // Writes that completed on the old primary as the fault struck are not writes after it: the
    // outage starts when the writer first fails (a switchover may cause no failure at all).
    long noticed = log.firstFailureSince(t0).orElse(t0);
    await(() -> !log.since(noticed + 1).isEmpty(), "a write acknowledged through the write endpoint");
    long firstWrite = log.since(noticed + 1).get(0).atMillis() - t0;
    InstanceAddress now = InstanceAddress.parse(status().path("primary").asText());
    if (mode == Mode.stop) {
      signal(old, "CONT");
    }
    // Writes resume with the publication, before the plan's last steps (the repoints) are done.
    await(() -> latestRecovery(t0).isPresent(), "a succeeded recovery recorded after the fault");
    JsonNode record = latestRecovery(t0).orElseThrow();
    long detection = mode == Mode.switchover ? 0 : Instant.parse(record.path("started").asText()).toEpochMilli() - t0;
    long promotion = promotedAt(record).map(at -> at - t0).orElse(-1L);
    long blocked = log.longestGap(t0 - 1000, Math.max(injected, t0 + firstWrite) + 1000);
    long failed = log.failuresBetween(t0, t0 + firstWrite + 1000);
    long failedConnects = log.failedConnectsBetween(t0, t0 + firstWrite + 1000);
    long lost = lostRows(now, log, t0 + firstWrite);
    settle();
    long errant = 0;
    for (JsonNode p : status().path("manager").path("problems")) {
      errant += p.asText().startsWith("ErrantGtid") ? 1 : 0;
    }
    return new FailoverRound(number, mode.name(), old.toString(), now.toString(), newLeader.join(), detection,
        promotion, firstWrite,
        blocked, failed, failedConnects, lost, errant, sampler.overlaps() - overlapsBefore);
  }

  private void inject(InstanceAddress primary) throws Exception {
    switch (mode) {
      case kill -> ProcessHandle.of(serverPid(primary)).orElseThrow().destroyForcibly();
      case host -> {
        daemons().agent(spec.nodeAt(primary).orElseThrow()).orElseThrow().destroyForcibly();
        ProcessHandle.of(serverPid(primary)).orElseThrow().destroyForcibly();
      }
      case stop -> signal(primary, "STOP");
      case switchover -> {
        JsonNode answer = post("/api/switchover?startOldPrimary=true");
        if (!answer.path("ok").asBoolean()) {
          throw new IllegalStateException("switchover refused: " + answer.path("message").asText());
        }
      }
    }
  }

  /**
   * Every server running and every replica replicating from the primary, as an operator would
   * leave it: restarts what a kill left down, and reseeds an old primary flagged needs-rebuild.
   */
  private boolean holderIsOnThePrimarysNode() throws Exception {
    NodeSpec node = spec.nodeAt(InstanceAddress.parse(status().path("primary").asText())).orElseThrow();
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + spec.host() + ":" + node.apiPort()
        + "/api/leader-check")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  /** The worst case of a host failure: the primary and the master_lock holder on the same node. */
  private void putPrimaryOnTheManagersNode() throws Exception {
    await(() -> status().path("manager").path("leader").isTextual(), "a master_lock holder");
    URI holder = URI.create(status().path("manager").path("leader").asText());
    NodeSpec node = spec.nodes().stream().filter(n -> n.apiPort() == holder.getPort()).findFirst().orElseThrow();
    InstanceAddress there = spec.address(node);
    if (!there.toString().equals(status().path("primary").asText())) {
      JsonNode answer = post("/api/switchover?startOldPrimary=true&to=" + there);
      if (!answer.path("ok").asBoolean()) {
        throw new IllegalStateException("switchover to " + there + " refused: " + answer.path("message").asText());
      }
      settle();
    }
  }

  private Daemons daemons() {
    return new Daemons(cluster, JavaLauncher.batonCommand());
  }

  private void settle() throws Exception {
    for (NodeSpec n : spec.nodes()) {
      if (daemons().agent(n).isEmpty()) {
        daemons().startAgent(n);
      }
      ServerProcess server = new ServerProcess(new ServerDistributions(System.getenv()).locate(spec.flavor()),
          cluster.instance(n));
      if (server.running().isEmpty()) {
        server.start(ServerProcess.DEFAULT_START_TIMEOUT);
      }
    }
    // An old primary is flagged needs-rebuild a round or two after it is back: reseed it whenever it is.
    await(() -> {
      JsonNode s = status();
      for (JsonNode i : s.path("instances")) {
        if (i.path("needsRebuild").isTextual()) {
          String flagged = i.path("address").asText();
          if (batonCli().execute("reseed", "-i", flagged, "--dir", cluster.root().toString()) != 0) {
            throw new IllegalStateException("reseed of " + flagged + " failed");
          }
          return false;
        }
      }
      // An old primary killed mid-commit comes back with that transaction and is flagged a round
      // later; wait for the flag. An errant transaction elsewhere is a finding: it is counted.
      for (JsonNode p : s.path("manager").path("problems")) {
        if (lastFaulted.isPresent() && p.asText().startsWith("ErrantGtid " + lastFaulted.get() + ":")) {
          return false;
        }
      }
      for (JsonNode i : s.path("instances")) {
        boolean primary = i.path("address").asText().equals(s.path("primary").asText());
        if (!i.path("reachable").asBoolean() || !primary && !i.path("replicating").asBoolean()
            || primary && i.path("readOnly").asBoolean()) {
          return false;
        }
      }
      return true;
    }, "every instance up and replicating");
    // A restarted agent's Raft peer may still be catching up; a fault before it follows the leader
    // would leave the group without a majority and measure that instead of the failover.
    await(() -> {
      Set<String> leaders = new HashSet<>();
      Set<Long> terms = new HashSet<>();
      for (NodeSpec n : spec.nodes()) {
        JsonNode raft = getFrom(n, "/api/raft-state");
        leaders.add(raft.path("leader").asText(""));
        terms.add(raft.path("term").asLong());
      }
      return leaders.size() == 1 && !leaders.contains("") && terms.size() == 1;
    }, "every agent's Raft peer following one leader");
  }

  private long lostRows(InstanceAddress primary, AckLog log, long until) throws Exception {
    Set<Long> present = new HashSet<>();
    try (Connection c = Jdbc.open(primary, "app", credentials.password(DbUser.APP)); Statement s = c.createStatement()) {
      s.execute("USE app");
      try (ResultSet rs = s.executeQuery("SELECT id FROM bench_rows")) {
        while (rs.next()) {
          present.add(rs.getLong(1));
        }
      }
    }
    return log.since(0).stream().filter(a -> a.atMillis() <= until).filter(a -> !present.contains(a.id())).count();
  }

  private Optional<JsonNode> latestRecovery(long since) throws Exception {
    JsonNode found = null;
    for (JsonNode r : get("/api/recoveries")) {
      if (Instant.parse(r.path("started").asText()).toEpochMilli() >= since - 1000
          && r.path("status").asText().equals("succeeded")
          && (r.path("kind").asText().equals("failover") || r.path("kind").asText().equals("switchover"))) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  private static Optional<Long> promotedAt(JsonNode record) {
    for (JsonNode e : record.path("entries")) {
      if (e.path("what").asText().startsWith("promote")) {
        return Optional.of(Instant.parse(e.path("at").asText()).toEpochMilli() + e.path("millis").asLong());
      }
    }
    return Optional.empty();
  }

  private long serverPid(InstanceAddress instance) throws IOException {
    return Pids.read(cluster.instance(spec.nodeAt(instance).orElseThrow()).pidFile())
        .orElseThrow(() -> new IllegalStateException("no pid file for " + instance));
  }

  private void signal(InstanceAddress instance, String signal) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(serverPid(instance))).inheritIO().start();
    p.waitFor();
  }

  private void await(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (IOException e) {
        // The agents may be busy with the failover; ask again.
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no " + what + " within " + ROUND_TIMEOUT.toSeconds() + " s");
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  /**
   * Host mode: when an agent other than the killed one first reports its Raft peer leading a
   * later term than {@code termBefore}, in ms after {@code t0}; -1 if none does within the round timeout.
   */
  private long newLeaderMillis(NodeSpec killed, long termBefore, long t0) {
    long deadline = System.currentTimeMillis() + ROUND_TIMEOUT.toMillis();
    try {
      while (System.currentTimeMillis() < deadline) {
        for (NodeSpec n : spec.nodes()) {
          if (n.equals(killed)) {
            continue;
          }
          try {
            JsonNode state = getFrom(n, "/api/raft-state");
            if (state.path("role").asText().equals("leader") && state.path("term").asLong() > termBefore) {
              return System.currentTimeMillis() - t0;
            }
          } catch (IOException e) {
            // That agent is busy or restarting; ask the next.
          }
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  private JsonNode getFrom(NodeSpec node, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + spec.host() + ":" + node.apiPort()
        + path)).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode());
    }
    return Json.MAPPER.readTree(r.body());
  }

  private JsonNode status() throws IOException, InterruptedException {
    return get("/api/cluster/" + spec.name());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    IOException last = null;
    for (NodeSpec n : spec.nodes()) {
      try {
        return getFrom(n, path);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no agent answered " + path);
  }

  private JsonNode post(String path) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 60; attempt++) {
      for (NodeSpec n : spec.nodes()) {
        try {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + spec.host() + ":"
              + n.apiPort() + path)).timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer "
              + credentials.apiToken()).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() == 200 || r.statusCode() == 409) {
            return Json.MAPPER.readTree(r.body());
          }
        } catch (IOException e) {
          // Try the next agent.
        }
      }
      Thread.sleep(500);
    }
    throw new IOException("no manager accepted " + path);
  }

  private static CommandLine batonCli() {
    return dev.baton.cli.Main.commandLine();
  }
}
