package dev.baton.agent;

import dev.baton.agent.api.ApiServer;
import dev.baton.agent.api.RaftMembers;
import dev.baton.agent.fencing.SelfFenceRule;
import dev.baton.agent.fencing.SelfFencer;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.local.InstanceControls;
import dev.baton.agent.local.LocalHardFence;
import dev.baton.agent.monitor.Monitor;
import dev.baton.agent.monitor.MonitorSettings;
import dev.baton.agent.recovery.AuditLog;
import dev.baton.agent.recovery.Controller;
import dev.baton.agent.recovery.ControllerSettings;
import dev.baton.agent.recovery.LeaseKeeper;
import dev.baton.agent.recovery.SharedState;
import dev.baton.agent.recovery.hooks.Hooks;
import dev.baton.agent.routing.StandingRouter;
import dev.baton.agent.routing.WriteHoldBarrier;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.raft.Peer;
import dev.baton.coord.raft.RaftCoordinationStore;
import dev.baton.coord.raft.RaftPeerServer;
import dev.baton.coord.raft.RaftSettings;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.RouterPlacement;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.control.InstanceControl;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.router.HealthCheckSettings;
import dev.baton.router.RouterSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one node: a peer of the managers' Raft group, a monitor of the whole cluster, the
 * controller that acts while it holds master_lock, and the HTTP API; where the cluster places its
 * endpoints in the agents, also those endpoints, served here or stood by for. Runs until SIGTERM.
 */
public final class AgentDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentDaemon.class);

  private final RaftPeerServer peer;
  private final CoordinationStore store;
  private final Monitor monitor;
  private final LeaseKeeper lease;
  private final Controller controller;
  private final ApiServer api;
  private final Thread joiner;
  private final SelfFencer fencer;
  private final Optional<StandingRouter> endpoints;

  private AgentDaemon(RaftPeerServer peer, CoordinationStore store, Monitor monitor, LeaseKeeper lease,
      Controller controller, ApiServer api, Thread joiner, SelfFencer fencer, Optional<StandingRouter> endpoints) {
    this.peer = peer;
    this.store = store;
    this.monitor = monitor;
    this.lease = lease;
    this.controller = controller;
    this.api = api;
    this.joiner = joiner;
    this.fencer = fencer;
    this.endpoints = endpoints;
  }

  public static AgentDaemon start(ClusterDirectory dir, int nodeId, MonitorSettings monitorSettings,
      ControllerSettings controllerSettings) throws IOException {
    return start(dir, nodeId, monitorSettings, controllerSettings, Optional.empty());
  }

  /**
   * With {@code join}, the Raft address of any member of a running group: the agent's peer joins
   * that group (asking its leader to add it) instead of forming one of the cluster's nodes.
   */
  public static AgentDaemon start(ClusterDirectory dir, int nodeId, MonitorSettings monitorSettings,
      ControllerSettings controllerSettings, Optional<InstanceAddress> join) throws IOException {
    ClusterSpec spec = dir.loadSpec();
    NodeSpec node = spec.node(nodeId);
    Credentials credentials = dir.credentials().load();
    Topology initialTopology = dir.loadTopology().orElseThrow(() -> new ClusterStateException(
        dir.topologyFile() + " is missing: the cluster was never fully created"));
    RaftSettings raft = RaftSettings.of(spec.nodes().stream()
        .map(n -> new Peer(n.name(), new InstanceAddress(spec.host(), n.raftPort()))).toList());
    Path raftDir = dir.nodeDir(node).resolve("raft");
    RaftPeerServer peer = join.isPresent()
        ? RaftPeerServer.join(raft, raft.peer(node.name()), raftDir, join.get())
        : RaftPeerServer.start(raft, node.name(), raftDir);
    RaftCoordinationStore store = new RaftCoordinationStore(peer);
    String apiUrl = apiUrl(spec, node).toString();
    Clock clock = Clock.systemUTC();
    AtomicReference<Controller> controllerRef = new AtomicReference<>();
    Monitor monitor = new Monitor(spec, DbUser.MONITOR.userName(), credentials.password(DbUser.MONITOR),
        () -> Optional.ofNullable(controllerRef.get()).flatMap(Controller::state), monitorSettings, clock);
    LeaseKeeper lease = new LeaseKeeper(store, spec.name(), apiUrl, controllerSettings.leaseTtl());
    InstanceControl control = InstanceControls.of(spec, credentials, ServerSettings.DEFAULTS);
    Controller controller = new Controller(spec, apiUrl, new SharedState(store, spec.name()),
        new AuditLog(store, spec.name()), lease, monitor, control, controllerSettings, clock,
        topology -> mirror(dir, topology), new Hooks(dir.hooksFile()), new WriteHoldBarrier(spec.nodes().stream()
            .map(n -> apiUrl(spec, n)).toList())::await,
        new LocalHardFence(spec, dir));
    controllerRef.set(controller);
    SelfFencer fencer = new SelfFencer(SelfFenceRule.of(controllerSettings.leaseTtl()), lease::lastAnswerNanos,
        controller::topology, control, spec.address(node));
    ApiServer api;
    try {
      api = new ApiServer(spec, nodeId, node.apiPort(), monitor, controller, peer::state,
          new RaftMembers(spec, peer, store), credentials.apiToken());
    } catch (IOException e) {
      monitor.close();
      store.close();
      peer.close();
      throw e;
    }
    api.start();
    monitor.start();
    fencer.start();
    Optional<StandingRouter> endpoints = spec.router() == RouterPlacement.AGENTS
        ? Optional.of(endpoints(dir, spec, node, credentials)) : Optional.empty();
    if (endpoints.isPresent()) {
      endpoints.get().start();
    }
    Thread joiner = new Thread(() -> join(controller, lease, ClusterState.initial(initialTopology)), "join");
    joiner.setDaemon(true);
    joiner.start();
    log.info("agent of {} in cluster '{}' started (pid {}), Raft peer {}, API {}", node.name(), spec.name(),
        ProcessHandle.current().pid(), peer.peer(), apiUrl);
    return new AgentDaemon(peer, store, monitor, lease, controller, api, joiner, fencer, endpoints);
  }

  /**
   * The cluster's endpoints as a router in this agent would serve them: with the health checks
   * and every other setting of the router process that 'baton up' otherwise starts, following
   * this agent first and the others after it.
   */
  private static StandingRouter endpoints(ClusterDirectory dir, ClusterSpec spec, NodeSpec node,
      Credentials credentials) {
    RouterSettings settings = RouterSettings.defaults(spec.host(), spec.writePort(), spec.readPort())
        .withHealthChecks(HealthCheckSettings.defaults(DbUser.MONITOR.userName(), credentials.password(DbUser.MONITOR)));
    List<URI> agents = Stream.concat(Stream.of(node), spec.nodes().stream().filter(n -> n.id() != node.id()))
        .map(n -> apiUrl(spec, n)).toList();
    return new StandingRouter(settings, agents, OptionalInt.of(0),
        "agent of " + node.name() + ", pid " + ProcessHandle.current().pid(), StandingRouter.publishedIn(dir));
  }

  private static URI apiUrl(ClusterSpec spec, NodeSpec node) {
    return URI.create("http://" + new InstanceAddress(spec.host(), node.apiPort()));
  }

  /**
   * Waits for the Raft group to have a quorum (the other agents may still be starting), then
   * adopts the agreed state and starts competing for master_lock.
   */
  private static void join(Controller controller, LeaseKeeper lease, ClusterState initial) {
    boolean said = false;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        controller.start(initial);
        lease.start();
        log.info("joined the managers' quorum; primary is {}", controller.topology().map(Topology::primary).orElse(null));
        return;
      } catch (CoordinationUnavailableException e) {
        if (!said) {
          log.info("waiting for a quorum of managers ({})", e.getMessage());
          said = true;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * The cluster directory keeps a copy of the topology for 'baton up' and 'baton down', which
   * run without the agents. The agreed topology is in the Raft store; a failed copy is logged.
   */
  private static void mirror(ClusterDirectory dir, Topology topology) {
    try {
      dir.writeTopology(topology);
    } catch (IOException e) {
      log.warn("could not copy the topology to {}: {}", dir.topologyFile(), e.getMessage());
    }
  }

  /** Runs until the JVM is asked to stop. */
  public void awaitShutdown() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("agent stopping");
      close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  @Override
  public void close() {
    // In the order that nothing still running hands work to something already stopped.
    joiner.interrupt();
    // The endpoints first: another agent that is not stopping can take them over sooner.
    endpoints.ifPresent(StandingRouter::close);
    fencer.close();
    api.close();
    monitor.close();
    controller.close();
    lease.close();
    store.close();
    peer.close();
  }
}
