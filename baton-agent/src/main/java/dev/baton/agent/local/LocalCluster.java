package dev.baton.agent.local;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.CreationAttempts;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.PortInUseException;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.cluster.RouterPlacement;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * A cluster on this machine under one directory: {@code up} creates or resumes it and leaves
 * its servers, agents and router running in the background; {@code down} stops them cleanly.
 * Every refusal of the request happens before anything is touched.
 */
public final class LocalCluster {
  /** How long {@code up} waits for an application to be able to log in through the endpoints. */
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
    return dir.holdsCluster() ? resumeCluster(request) : createCluster(request);
  }

  private ClusterSpec resumeCluster(UpRequest request) throws IOException, InterruptedException {
    ClusterSpec spec = dir.loadSpec();
    checkResumable(spec, request);
    ServerDistribution dist = distributions.locate(spec.flavor());
    try (DirLock lock = DirLock.acquire(dir)) {
      if (isRunning(spec)) {
        startStopped(spec, request);
        return spec;
      }
      checkPortsFree(spec, spec.allPorts());
      spec = moveRouter(spec, request);
      progress.accept("resuming cluster '" + spec.name() + "' in " + dir.root());
      try {
        resume(spec, dist);
        startDaemons(spec);
      } catch (PortInUseException e) {
        stopAll(spec, dist);
        // Its ports are in its data (replication sources, clients' settings): they cannot change.
        throw new ClusterStateException(portTaken(spec, e.port()));
      } catch (IOException | InterruptedException | RuntimeException e) {
        stopAll(spec, dist);
        throw e;
      }
    }
    return spec;
  }

  /**
   * Another program (another cluster, a test) may take a planned port before the server or daemon
   * binds it: then the attempt is undone and made again on other ports, as {@link CreationAttempts}
   * decides.
   */
  private ClusterSpec createCluster(UpRequest request) throws IOException, InterruptedException {
    if (!dir.isEmptyOrAbsent()) {
      throw new ClusterStateException(dir.root() + " is not empty and holds no Baton cluster (no "
          + ClusterDirectory.SPEC_FILE + "): choose a new or empty --dir");
    }
    Flavor flavor = request.flavor().orElse(UpRequest.DEFAULT_FLAVOR);
    if (request.proxyProtocol() && flavor == Flavor.MYSQL) {
      throw new ClusterStateException("the MySQL server installed here does not read PROXY protocol headers"
          + " (MariaDB and Percona Server do): add --flavor mariadb, or leave out --proxy-protocol");
    }
    NodeCount nodes = request.nodes().orElse(new NodeCount(NodeCount.DEFAULT));
    ServerDistribution dist = distributions.locate(flavor);
    checkSocketPathFits();
    CreationAttempts attempts = CreationAttempts.first();
    ClusterSpec spec = plan(request, flavor, nodes, attempts);
    boolean existed = Files.exists(dir.root());
    // Data and logs are the owner's alone; the credentials file inside is 0600 as well.
    Files.createDirectories(dir.root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (DirLock lock = DirLock.acquire(dir)) {
      progress.accept("creating " + nodes.value() + "-node " + flavor + " cluster '" + spec.name() + "' in " + dir.root());
      try {
        while (true) {
          try {
            createOnce(spec, dist);
            return spec;
          } catch (PortInUseException e) {
            attempts = attempts.afterPortTaken(spec.host(), e.port(), request.ports());
            progress.accept("another program took port " + e.port() + " meanwhile; creating the cluster again on other"
                + " ports (attempt " + attempts.made() + " of " + CreationAttempts.MAX_ATTEMPTS + ")");
            deleteUnfinished(Set.of(dir.root(), dir.lockFile()));
            spec = plan(request, flavor, nodes, attempts);
          }
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        // It holds no data of the user's yet; removing it lets 'baton up' simply be run again.
        Optional<Path> logs = keepLogs();
        deleteUnfinished(existed ? Set.of(dir.root()) : Set.of());
        if (logs.isPresent() && e.getClass() == IOException.class && e.getMessage() != null
            && e.getMessage().contains(dir.root().toString())) {
          // The message names a log that is gone now: name its copy.
          throw new IOException(e.getMessage().replace(dir.root().toString(), logs.get().toString()), e);
        }
        throw e;
      }
    }
  }

  /** Ports are asked for just before each attempt: another cluster may have started meanwhile. */
  private ClusterSpec plan(UpRequest request, Flavor flavor, NodeCount nodes, CreationAttempts attempts) {
    String host = ClusterSpec.DEFAULT_HOST;
    IntPredicate usable = attempts.usable(p -> Ports.isFree(host, p));
    return ClusterSpec.of(request.name(), flavor, host, PortPlan.choose(nodes, usable, request.ports(), host))
        .withRouter(request.router().orElse(RouterPlacement.DEFAULT))
        .withProxyProtocol(request.proxyProtocol());
  }

  /** The router may move between a process of its own and the agents: it holds no data. */
  private ClusterSpec moveRouter(ClusterSpec spec, UpRequest request) throws IOException {
    Optional<RouterPlacement> placement = request.router().filter(p -> p != spec.router());
    if (placement.isEmpty()) {
      return spec;
    }
    progress.accept("moving the endpoints from the " + where(spec.router()) + " to the " + where(placement.get()));
    ClusterSpec moved = spec.withRouter(placement.get());
    dir.writeSpec(moved);
    return moved;
  }

  private static String where(RouterPlacement placement) {
    return placement == RouterPlacement.AGENTS ? "agents" : "router process";
  }

  /**
   * One creation, marked ready only once its endpoints work. When it fails, whatever it started is
   * stopped; its files stay for the caller to remove.
   */
  private void createOnce(ClusterSpec spec, ServerDistribution dist) throws IOException, InterruptedException {
    try {
      new ClusterCreator(dir, dist, settings, progress).create(spec);
      startDaemons(spec);
      Files.writeString(dir.readyMarker(), Instant.now() + "\n");
    } catch (IOException | InterruptedException | RuntimeException e) {
      stopAll(spec, dist);
      throw e;
    }
  }

  /**
   * Copies the logs of a failed creation (servers', agents', router's) out of the directory about
   * to be removed, so that the reason can still be read; says where and returns the copy's
   * directory. Best effort: the creation's own error is what the caller reports.
   */
  private Optional<Path> keepLogs() {
    try (var paths = Files.walk(dir.root())) {
      List<Path> logs = paths.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".log")).toList();
      if (logs.isEmpty()) {
        return Optional.empty();
      }
      Path kept = Files.createTempDirectory("baton-up-failed-");
      for (Path log : logs) {
        Path copy = kept.resolve(dir.root().relativize(log));
        Files.createDirectories(copy.getParent());
        Files.copy(log, copy);
      }
      progress.accept("the logs of the failed creation are in " + kept);
      return Optional.of(kept);
    } catch (IOException | RuntimeException e) {
      progress.accept("could not keep the logs of the failed creation: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Removes what a failed creation left, but the paths in {@code keep}: everything in the
   * directory is this command's (it was empty or absent before), never marked ready.
   */
  private void deleteUnfinished(Set<Path> keep) throws IOException {
    if (Files.exists(dir.readyMarker())) {
      return;
    }
    try (var paths = Files.walk(dir.root())) {
      for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!keep.contains(p)) {
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
    if (request.proxyProtocol() && !spec.proxyProtocol()) {
      throw new ClusterStateException(dir.root() + " holds a cluster created without --proxy-protocol, whose servers"
          + " refuse PROXY headers: omit --proxy-protocol to resume it, or create a new cluster with it in another --dir");
    }
    checkSamePort(request.ports().write(), spec.writePort(), "--write-port", "write");
    checkSamePort(request.ports().read(), spec.readPort(), "--read-port", "read");
  }

  private void checkSamePort(OptionalInt requested, int actual, String option, String endpoint) {
    requested.ifPresent(p -> {
      if (p != actual) {
        throw new ClusterStateException(dir.root() + " holds a cluster with its " + endpoint + " endpoint on port "
            + actual + ", not " + p + ": omit " + option + " to resume it, or choose another --dir for a new cluster");
      }
    });
  }

  /**
   * A running cluster whose daemons did not all survive (one killed, or crashed): starts those
   * that stopped and leaves the others, and the servers, alone. A stopped server is its agent's
   * to deal with (it knows whether the instance may rejoin). Refused when every daemon stopped
   * while a server still runs (a 'down' cut short): agents started then would take the servers
   * that 'down' stopped for failed ones; 'down' first, then 'up' resumes all of it. Moving the
   * endpoints needs the cluster stopped first too.
   */
  private void startStopped(ClusterSpec spec, UpRequest request) throws IOException, InterruptedException {
    StoppedDaemons stopped = new StoppedDaemons(
        spec.nodes().stream().filter(n -> daemons.agent(n).isEmpty()).toList(),
        spec.router() == RouterPlacement.PROCESS && daemons.router().isEmpty(),
        daemons.archiver().isEmpty());
    if (stopped.none() || stopped.equals(StoppedDaemons.all(spec))
        || request.router().filter(p -> p != spec.router()).isPresent()) {
      throw new ClusterStateException("cluster '" + spec.name() + "' in " + dir.root()
          + " is already running: see 'baton status --dir " + dir.root() + "', or stop it with 'baton down --dir "
          + dir.root() + "'");
    }
    checkPortsFree(spec, stopped.ports(spec));
    progress.accept("starting " + stopped.describe() + ": not running, while the rest of cluster '" + spec.name()
        + "' is");
    try {
      new DaemonStartup(dir, daemons).start(spec, stopped);
    } catch (PortInUseException e) {
      throw new ClusterStateException(portTaken(spec, e.port()));
    }
  }

  private void checkPortsFree(ClusterSpec spec, List<Integer> ports) {
    for (int port : ports) {
      if (!Ports.isFree(spec.host(), port)) {
        throw new ClusterStateException(portTaken(spec, port));
      }
    }
  }

  private String portTaken(ClusterSpec spec, int port) {
    return "port " + spec.host() + ":" + port + " of cluster '" + spec.name()
        + "' is taken by another program: stop it, then run 'baton up --dir " + dir.root() + "' again";
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
    progress.accept(spec.router() == RouterPlacement.AGENTS ? "starting agents, which serve the endpoints"
        : "starting agents and router");
    new DaemonStartup(dir, daemons).start(spec, StoppedDaemons.all(spec));
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
