package dev.baton.agent.local;

import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.control.ControlException;
import dev.baton.mysql.control.InstanceControl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cluster on this machine under one directory: {@code up} creates or resumes it and leaves
 * its servers, agents and router running in the background; {@code down} stops them cleanly.
 * Every refusal happens before anything is touched.
 */
public final class LocalCluster {
  /** How long {@code up} waits for the write endpoint to reach the primary before it reports the cluster up. */
  public static final Duration DEFAULT_ROUTING_TIMEOUT = Duration.ofSeconds(90);

  private final ClusterDirectory dir;
  private final ServerDistributions distributions;
  private final Daemons daemons;
  private final ServerSettings settings;
  private final Consumer<String> progress;

  public LocalCluster(ClusterDirectory dir, ServerDistributions distributions, List<String> batonCommand,
      ServerSettings settings, Consumer<String> progress) {
    this.dir = dir;
    this.distributions = distributions;
    this.daemons = new Daemons(dir, batonCommand);
    this.settings = settings;
    this.progress = progress;
  }

  public ClusterDirectory directory() {
    return dir;
  }

  public ClusterSpec up(UpRequest request) throws IOException, InterruptedException {
    if (dir.holdsCluster()) {
      ClusterSpec spec = dir.loadSpec();
      checkResumable(spec, request);
      ServerDistribution dist = distributions.locate(spec.flavor());
      try (DirLock lock = DirLock.acquire(dir)) {
        checkNotRunning(spec);
        checkPortsFree(spec);
        progress.accept("resuming cluster '" + spec.name() + "' in " + dir.root());
        try {
          resume(spec, dist);
          startDaemons(spec);
        } catch (IOException | InterruptedException | RuntimeException e) {
          stopAll(spec, dist);
          throw e;
        }
      }
      return spec;
    }
    if (!dir.isEmptyOrAbsent()) {
      throw new ClusterStateException(dir.root() + " is not empty and holds no Baton cluster (no "
          + ClusterDirectory.SPEC_FILE + "): choose a new or empty --dir");
    }
    Flavor flavor = request.flavor().orElse(UpRequest.DEFAULT_FLAVOR);
    NodeCount nodes = request.nodes().orElse(new NodeCount(NodeCount.DEFAULT));
    ServerDistribution dist = distributions.locate(flavor);
    checkSocketPathFits();
    String host = ClusterSpec.DEFAULT_HOST;
    ClusterSpec spec = ClusterSpec.of(request.name(), flavor, host, PortPlan.choose(nodes, p -> Ports.isFree(host, p)));
    boolean existed = Files.exists(dir.root());
    // Data and logs are the owner's alone; the credentials file inside is 0600 as well.
    Files.createDirectories(dir.root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (DirLock lock = DirLock.acquire(dir)) {
      progress.accept("creating " + nodes.value() + "-node " + flavor + " cluster '" + spec.name() + "' in " + dir.root());
      try {
        new ClusterCreator(dir, dist, settings, progress).create(spec);
        startDaemons(spec);
      } catch (IOException | InterruptedException | RuntimeException e) {
        stopAll(spec, dist);
        // It holds no data of the user's yet; removing it lets 'baton up' simply be run again.
        deleteUnfinished(existed);
        throw e;
      }
    }
    return spec;
  }

  /**
   * Removes what a failed creation left: everything in the directory is this command's (it was
   * empty or absent before), never marked ready. The directory itself stays if the user made it.
   */
  private void deleteUnfinished(boolean keepRoot) throws IOException {
    if (Files.exists(dir.readyMarker())) {
      return;
    }
    try (var paths = Files.walk(dir.root())) {
      for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!(keepRoot && p.equals(dir.root()))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Stops router, agents and servers. Returns false when nothing was running. */
  public boolean down() throws IOException, InterruptedException {
    ClusterSpec spec = dir.loadSpec();
    try (DirLock lock = DirLock.acquire(dir)) {
      boolean wasRunning = isRunning(spec);
      stopAll(spec, distributions.locate(spec.flavor()));
      return wasRunning;
    }
  }

  /** Router and agents first (no new connections, no actions), then the servers. */
  private void stopAll(ClusterSpec spec, ServerDistribution dist) throws IOException, InterruptedException {
    daemons.stopAll(spec);
    stopServers(spec, dist);
  }

  public boolean isRunning(ClusterSpec spec) {
    if (daemons.router().isPresent() || daemons.archiver().isPresent()) {
      return true;
    }
    for (NodeSpec n : spec.nodes()) {
      if (daemons.agent(n).isPresent() || ServerProcess.runningAt(dir.instance(n)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private void checkResumable(ClusterSpec spec, UpRequest request) {
    if (!Files.exists(dir.readyMarker())) {
      throw new ClusterStateException("the cluster in " + dir.root() + " was never fully created (see the logs under it);"
          + " it holds no data of yours: remove the directory and run 'baton up' again");
    }
    request.flavor().filter(f -> f != spec.flavor()).ifPresent(f -> {
      throw new ClusterStateException(dir.root() + " holds a " + spec.flavor() + " cluster, not " + f
          + ": omit --flavor to resume it, or choose another --dir for a new cluster");
    });
    request.nodes().filter(n -> n.value() != spec.nodes().size()).ifPresent(n -> {
      throw new ClusterStateException(dir.root() + " holds a " + spec.nodes().size() + "-node cluster, not " + n.value()
          + ": omit --nodes to resume it, or choose another --dir for a new cluster");
    });
  }

  private void checkNotRunning(ClusterSpec spec) {
    if (isRunning(spec)) {
      throw new ClusterStateException("cluster '" + spec.name() + "' in " + dir.root()
          + " is already running: see 'baton status --dir " + dir.root() + "', or stop it with 'baton down --dir "
          + dir.root() + "'");
    }
  }

  private void checkPortsFree(ClusterSpec spec) {
    for (int port : spec.allPorts()) {
      if (!Ports.isFree(spec.host(), port)) {
        throw new ClusterStateException("port " + spec.host() + ":" + port + " of cluster '" + spec.name()
            + "' is taken by another program: stop it, then run 'baton up --dir " + dir.root() + "' again");
      }
    }
  }

  private void checkSocketPathFits() {
    int length = dir.root().resolve("node1/mysqld.sock").toString().length();
    if (length > InstanceLayout.MAX_SOCKET_PATH) {
      throw new ClusterStateException("--dir " + dir.root() + " is too long for the servers' Unix sockets (" + length
          + " > " + InstanceLayout.MAX_SOCKET_PATH + " characters): choose a shorter path");
    }
  }

  /** Servers start read-only; the recorded primary is made writable and the replicas resume replicating. */
  private void resume(ClusterSpec spec, ServerDistribution dist) throws IOException, InterruptedException {
    Parallel.forEach(spec.nodes(), n -> new ServerProcess(dist, dir.instance(n)).start(ServerProcess.DEFAULT_START_TIMEOUT));
    Topology topology = dir.loadTopology().orElseThrow(() -> new ClusterStateException(
        dir.topologyFile() + " is missing: Baton cannot tell which instance is the primary"));
    InstanceControl control = InstanceControls.of(spec, dir.credentials().load(), settings);
    try {
      for (var replica : topology.replicas()) {
        control.startReplica(replica);
      }
      control.makePrimaryWritable(topology.primary());
    } catch (ControlException e) {
      throw new IOException("resuming replication failed: " + e.getMessage(), e);
    }
  }

  private void startDaemons(ClusterSpec spec) throws IOException, InterruptedException {
    progress.accept("starting agents and router");
    for (NodeSpec n : spec.nodes()) {
      daemons.startAgent(n);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (NodeSpec n : spec.nodes()) {
      awaitAgent(spec, n, http);
    }
    daemons.startRouter(spec);
    awaitRouting(spec, http);
    // Not awaited: the cluster serves without it, and it reports its own trouble in archiver.log.
    daemons.startArchiver();
  }

  private void awaitAgent(ClusterSpec spec, NodeSpec n, HttpClient http) throws IOException, InterruptedException {
    URI health = URI.create("http://" + spec.host() + ":" + n.apiPort() + "/api/health");
    long deadline = System.nanoTime() + Daemons.DEFAULT_START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (daemons.agent(n).isEmpty()) {
        throw new IOException("the agent of " + n.name() + " exited while starting; see " + dir.agentLog(n));
      }
      if (get(http, health).isPresent()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the agent of " + n.name() + " did not answer within " + Daemons.DEFAULT_START_TIMEOUT
        + "; see " + dir.agentLog(n));
  }

  /** Returns once the router listens and the agents route writes to the primary. */
  private void awaitRouting(ClusterSpec spec, HttpClient http) throws IOException, InterruptedException {
    URI routing = URI.create("http://" + spec.host() + ":" + spec.nodes().get(0).apiPort() + "/api/routing");
    long deadline = System.nanoTime() + DEFAULT_ROUTING_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (daemons.router().isEmpty()) {
        throw new IOException("the router exited while starting; see " + dir.routerLog());
      }
      boolean listening = Ports.accepts(spec.host(), spec.writePort(), Duration.ofMillis(200))
          && Ports.accepts(spec.host(), spec.readPort(), Duration.ofMillis(200));
      boolean routed = get(http, routing).map(body -> {
        try {
          return Json.MAPPER.readTree(body).path("write").isTextual();
        } catch (IOException e) {
          return false;
        }
      }).orElse(false);
      if (listening && routed) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the write endpoint did not reach a primary within " + DEFAULT_ROUTING_TIMEOUT + "; see "
        + dir.routerLog() + " and the agents' logs");
  }

  private static Optional<String> get(HttpClient http, URI uri) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Replicas first, together, so that the primary's last writes reach them while it still runs. */
  private void stopServers(ClusterSpec spec, ServerDistribution dist) throws InterruptedException {
    Optional<NodeSpec> primary;
    try {
      primary = dir.loadTopology().flatMap(t -> spec.nodeAt(t.primary()));
    } catch (IOException e) {
      primary = Optional.empty();
    }
    Map<ProcessHandle, String> replicas = new LinkedHashMap<>();
    Map<ProcessHandle, String> last = new LinkedHashMap<>();
    for (NodeSpec n : spec.nodes()) {
      ServerProcess server = new ServerProcess(dist, dir.instance(n));
      Map<ProcessHandle, String> group = primary.equals(Optional.of(n)) ? last : replicas;
      server.running().ifPresent(h -> group.put(h, server.describe()));
    }
    Pids.terminateAll(replicas, ServerProcess.DEFAULT_STOP_TIMEOUT);
    Pids.terminateAll(last, ServerProcess.DEFAULT_STOP_TIMEOUT);
  }

  /** The cluster's ports and endpoints, for printing. */
  public static Map<String, String> endpoints(ClusterSpec spec) {
    return Map.of("write", spec.writeEndpoint().toString(), "read", spec.readEndpoint().toString(),
        "api", "http://" + spec.host() + ":" + spec.nodes().get(0).apiPort());
  }
}
