package dev.baton.agent.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.json.Json;
import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.agent.monitor.Monitor;
import dev.baton.agent.monitor.Versioned;
import dev.baton.agent.recovery.Controller;
import dev.baton.agent.routing.FollowingRouters;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.Lease;
import dev.baton.coord.raft.RaftState;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.cluster.PortInUse;
import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API (JSON), bound to the cluster's host (loopback by default). Reads need no
 * token; every mutating call needs {@code Authorization: Bearer TOKEN} (the token is in the
 * credentials file) and is redirected (307) to the manager holding master_lock when it reaches
 * another one.
 *
 * <pre>
 * GET  /primary, /replica[?lag=N], /read-only[?lag=N], /health
 *                                       200 or 503: load balancers' checks of this agent's instance ({@link RoleCheck})
 * GET  /api/health                      200 while the agent runs
 * GET  /api/leader-check                200 on the manager holding master_lock, 404 elsewhere
 * GET  /api/raft-state                  this agent's view of the managers' Raft group
 * GET  /api/raft-peers                  every peer with its addresses and health, and the Raft leader
 * GET  /api/clusters                    the clusters this agent manages
 * GET  /api/cluster/{name}              instances, roles, replication, endpoints, routing, manager
 * GET  /api/instance/{host}/{port}      one instance
 * GET  /api/routing?after=V[&amp;router=NAME][&amp;manager=URL]  where endpoints send connections; waits for a
 *                                       version newer than V, or a master_lock holder other than URL
 *                                       ("" for none); a router names itself so that the write hold waits for it
 * GET  /api/recoveries                  the audit of detections, failovers and switchovers
 * POST /api/failover[?to=H:P][&amp;force=true]
 * POST /api/switchover[?to=H:P][&amp;startOldPrimary=true]
 * POST /api/pause, /api/resume, /api/recoveries/ack
 * POST /api/start-replica?instance=H:P
 * POST /api/promotion-rule?instance=H:P&amp;rule=prefer|neutral|prefer_not|must_not
 * POST /api/raft/add?id=ID&amp;address=H:P[&amp;apiUrl=URL], /api/raft/remove?id=ID   change the managers' Raft group
 * </pre>
 */
public final class ApiServer implements AutoCloseable {
  /** How long a routing long-poll waits for a change before answering with the current routing. */
  public static final Duration ROUTING_WAIT = Duration.ofSeconds(20);
  /**
   * How often a routing long-poll that names the holder its router heard of looks whether that is
   * still the holder. A router that follows another agent moves to the holder only when an answer
   * names it, and a new holder changes no routing: a router started before the holder was known
   * stayed at its first agent until the next routing change (a switchover's write hold, which then
   * found it moving).
   */
  static final Duration HOLDER_CHECK = Duration.ofMillis(200);
  /** How long a mutating call may take (a switchover waits for the candidate to catch up). */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ClusterSpec spec;
  private final int node;
  private final Monitor monitor;
  private final Controller controller;
  private final Supplier<RaftState> raft;
  private final RaftMembers raftMembers;
  private final HttpClient peerHealth = HttpClient.newBuilder().connectTimeout(RaftPeersView.HEALTH_TIMEOUT).build();
  private final byte[] token;
  private final FollowingRouters routers = new FollowingRouters();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "api");
    t.setDaemon(true);
    return t;
  });

  public ApiServer(ClusterSpec spec, int node, int port, Monitor monitor, Controller controller, Supplier<RaftState> raft,
      RaftMembers raftMembers, String token) throws IOException {
    this.spec = spec;
    this.node = node;
    this.monitor = monitor;
    this.controller = controller;
    this.raft = raft;
    this.raftMembers = raftMembers;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    try {
      this.server = HttpServers.create(new InetSocketAddress(spec.host(), port), 64);
    } catch (BindException e) {
      throw new BindException(PortInUse.message("API", spec.host(), port) + ": stop what listens there");
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
    log.info("API listening on {}", url());
  }

  public String url() {
    return "http://" + new InstanceAddress(spec.host(), server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    // Closed in finally, not by try-with-resources: that would close it before a catch clause answers.
    try {
      URI uri = ex.getRequestURI();
      List<String> parts = List.of(uri.getPath().replaceAll("^/+|/+$", "").split("/+"));
      if (parts.size() == 1 && RoleCheck.handles(parts.get(0))) {
        roleCheck(ex, uri, parts.get(0));
        return;
      }
      switch (ex.getRequestMethod()) {
        case "GET" -> read(ex, uri, parts);
        case "POST" -> command(ex, uri, parts);
        default -> send(ex, 405, error(ex.getRequestMethod() + " is not allowed on " + uri.getPath()));
      }
    } catch (InvalidSettingException | ClusterStateException e) {
      send(ex, 400, error(e.getMessage()));
    } catch (CoordinationUnavailableException e) {
      send(ex, 503, error("the managers have no quorum: " + e.getMessage()));
    } catch (RuntimeException e) {
      log.error("API request {} failed", ex.getRequestURI(), e);
      send(ex, 500, error(String.valueOf(e.getMessage())));
    } finally {
      ex.close();
    }
  }

  private void read(HttpExchange ex, URI uri, List<String> parts) throws IOException {
    ClusterSnapshot snapshot = monitor.snapshots().latest().value();
    long routingVersion = monitor.routing().latest().version();
    if (parts.equals(List.of("api", "health"))) {
      send(ex, 200, Map.of("status", "ok", "cluster", spec.name(), "node", node));
    } else if (parts.equals(List.of("api", "leader-check"))) {
      boolean leads = controller.leads();
      send(ex, leads ? 200 : 404, Map.of("leader", leads, "node", node));
    } else if (parts.equals(List.of("api", "raft-state"))) {
      send(ex, 200, raft.get());
    } else if (parts.equals(List.of("api", "raft-peers"))) {
      send(ex, 200, RaftPeersView.of(raft.get(), raftMembers, peerHealth));
    } else if (parts.equals(List.of("api", "clusters"))) {
      ClusterView v = view(snapshot, routingVersion);
      send(ex, 200, List.of(Map.of("name", v.cluster(), "flavor", v.flavor(), "primary", String.valueOf(v.primary()),
          "api", url())));
    } else if (parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("cluster")) {
      if (!parts.get(2).equals(spec.name())) {
        send(ex, 404, error("no cluster named '" + parts.get(2) + "' here; this agent manages '" + spec.name() + "'"));
        return;
      }
      send(ex, 200, view(snapshot, routingVersion));
    } else if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("instance")) {
      String address = parts.get(2) + ":" + parts.get(3);
      var found = view(snapshot, routingVersion).instances().stream().filter(i -> i.address().equals(address)).findFirst();
      if (found.isPresent()) {
        send(ex, 200, found.get());
      } else {
        send(ex, 404, error("no instance " + address + " in cluster " + spec.name()));
      }
    } else if (parts.equals(List.of("api", "routing"))) {
      routing(ex, uri);
    } else if (parts.equals(List.of("api", "recoveries"))) {
      send(ex, 200, controller.recoveries());
    } else {
      send(ex, 404, error("no such API path: " + uri.getPath()));
    }
  }

  /** Any method, as balancers differ (HAProxy sends OPTIONS unless told otherwise); HEAD gets no body. */
  private void roleCheck(HttpExchange ex, URI uri, String path) throws IOException {
    RoleCheck.Answer a = RoleCheck.answer(path, ApiQuery.parse(uri), spec.address(spec.node(node)),
        monitor.snapshots().latest().value(), Instant.now());
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(a.status(), -1);
    } else {
      send(ex, a.status(), a.body());
    }
  }

  private ClusterView view(ClusterSnapshot snapshot, long routingVersion) {
    String leader = controller.leads() ? url() : safeLeader();
    var problems = controller.findings().stream().map(Object::toString).toList();
    boolean paused = controller.state().map(s -> s.paused()).orElse(false);
    return ClusterView.of(spec, snapshot, routingVersion, routers.standing(routingVersion, System.nanoTime()), url(),
        controller.state(),
        new ClusterView.ManagerView(leader, paused, problems));
  }

  private String safeLeader() {
    try {
      return controller.leader().map(Lease::owner).orElse(null);
    } catch (CoordinationUnavailableException e) {
      return null;
    }
  }

  private void command(HttpExchange ex, URI uri, List<String> parts) throws IOException {
    if (!authorized(ex)) {
      send(ex, 401, error("this call needs 'Authorization: Bearer TOKEN' with the cluster's API token"
          + " (apiToken in the credentials file)"));
      return;
    }
    if (!controller.leads()) {
      String leader = safeLeader();
      if (leader == null) {
        send(ex, 503, error("no manager holds master_lock right now (no quorum?); retry shortly"));
        return;
      }
      ex.getResponseHeaders().set("Location", leader + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      send(ex, 307, error("this manager does not hold master_lock; the holder is " + leader));
      return;
    }
    Map<String, String> q = ApiQuery.parse(uri);
    String path = String.join("/", parts);
    if (RaftMembershipCalls.handles(path)) {
      changeMembers(ex, path, q);
      return;
    }
    var command = ApiCommands.parse(path, q);
    if (command.isEmpty()) {
      send(ex, 404, error("no such API call: POST " + uri.getPath()));
      return;
    }
    try {
      var result = controller.submit(command.get()).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      send(ex, result.ok() ? 200 : 409, Map.of("ok", result.ok(), "message", result.message()));
    } catch (TimeoutException e) {
      send(ex, 504, error("the manager did not finish within " + COMMAND_TIMEOUT.toSeconds()
          + " s; see 'baton recoveries' for its progress"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidSettingException || cause instanceof ClusterStateException) {
        send(ex, 400, error(cause.getMessage()));
      } else {
        throw new IllegalStateException(cause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(ex, 503, error("the agent is stopping"));
    }
  }

  /**
   * A change that reached the group but did not complete is refused (409) rather than reported
   * unavailable (503): a client asks again only on 503, and a change must not run twice.
   */
  private void changeMembers(HttpExchange ex, String path, Map<String, String> q) throws IOException {
    try {
      send(ex, 200, Map.of("ok", true, "message", RaftMembershipCalls.run(path, q, raftMembers)));
    } catch (CoordinationUnavailableException e) {
      send(ex, 409, Map.of("ok", false, "message", e.getMessage()));
    }
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
  }

  private void routing(HttpExchange ex, URI uri) throws IOException {
    Map<String, String> query = ApiQuery.parse(uri);
    long after;
    try {
      after = Long.parseLong(query.getOrDefault("after", "0"));
    } catch (NumberFormatException e) {
      send(ex, 400, error("after must be a routing version number"));
      return;
    }
    String router = query.get("router");
    if (router != null) {
      routers.polling(router, after);
    }
    Versioned<Routing> r = awaitRouting(after, query.get("manager"));
    String manager = manager();
    long now = System.nanoTime();
    if (router != null) {
      routers.answering(router, now);
    }
    send(ex, 200, RoutingView.of(r.version(), r.value(), manager, routers.standing(r.version(), now),
        spec.proxyProtocol()));
  }

  /**
   * The routing newer than version {@code after}, or the latest when {@link #ROUTING_WAIT} passes
   * first or the master_lock holder is no longer {@code heardManager} ("" for none; null: not asked).
   */
  private Versioned<Routing> awaitRouting(long after, String heardManager) {
    CompletableFuture<Versioned<Routing>> next = monitor.routing().after(after);
    long deadline = System.nanoTime() + ROUTING_WAIT.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          return next.get(Math.max(0, Math.min(left, HOLDER_CHECK.toNanos())), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (left <= HOLDER_CHECK.toNanos()
              || heardManager != null && !heardManager.equals(Objects.toString(manager(), ""))) {
            return monitor.routing().latest();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return monitor.routing().latest();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The master_lock holder's API URL as this agent knows it, or null. */
  private String manager() {
    return controller.leads() ? url() : controller.lastSeenLeader().map(Lease::owner).orElse(null);
  }

  private static Map<String, String> error(String message) {
    return Map.of("error", message);
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
