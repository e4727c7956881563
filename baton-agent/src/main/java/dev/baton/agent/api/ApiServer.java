package dev.baton.agent.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.json.Json;
import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.agent.monitor.Monitor;
import dev.baton.agent.monitor.Versioned;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API (JSON), bound to the cluster's host (loopback by default). Read-only for
 * now; mutating calls, which will need the API token, come with failover and switchover.
 *
 * <pre>
 * GET /api/health                      200 while the agent runs
 * GET /api/clusters                    the clusters this agent manages
 * GET /api/cluster/{name}              instances, roles, replication, endpoints, routing
 * GET /api/instance/{host}/{port}      one instance
 * GET /api/routing?after=V             where endpoints send connections; waits for a version newer than V
 * </pre>
 */
public final class ApiServer implements AutoCloseable {
  /** How long a routing long-poll waits for a change before answering with the current routing. */
  public static final Duration ROUTING_WAIT = Duration.ofSeconds(20);
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ClusterSpec spec;
  private final int node;
  private final Monitor monitor;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "api");
    t.setDaemon(true);
    return t;
  });

  public ApiServer(ClusterSpec spec, int node, int port, Monitor monitor) throws IOException {
    this.spec = spec;
    this.node = node;
    this.monitor = monitor;
    try {
      this.server = HttpServer.create(new InetSocketAddress(spec.host(), port), 64);
    } catch (BindException e) {
      throw new BindException("API port " + spec.host() + ":" + port + " is already in use: stop what listens there");
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
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, Map.of("error", ex.getRequestMethod() + " is not allowed on " + ex.getRequestURI().getPath()));
        return;
      }
      route(ex);
    } catch (RuntimeException e) {
      log.error("API request {} failed", ex.getRequestURI(), e);
      send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private void route(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    List<String> parts = List.of(uri.getPath().replaceAll("^/+|/+$", "").split("/+"));
    ClusterSnapshot snapshot = monitor.snapshots().latest().value();
    long routingVersion = monitor.routing().latest().version();
    if (parts.equals(List.of("api", "health"))) {
      send(ex, 200, Map.of("status", "ok", "cluster", spec.name(), "node", node));
    } else if (parts.equals(List.of("api", "clusters"))) {
      ClusterView v = ClusterView.of(spec, snapshot, routingVersion, url());
      send(ex, 200, List.of(Map.of("name", v.cluster(), "flavor", v.flavor(), "primary", String.valueOf(v.primary()),
          "api", url())));
    } else if (parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("cluster")) {
      if (!parts.get(2).equals(spec.name())) {
        send(ex, 404, Map.of("error", "no cluster named '" + parts.get(2) + "' here; this agent manages '" + spec.name() + "'"));
        return;
      }
      send(ex, 200, ClusterView.of(spec, snapshot, routingVersion, url()));
    } else if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("instance")) {
      instance(ex, parts.get(2), parts.get(3), snapshot, routingVersion);
    } else if (parts.equals(List.of("api", "routing"))) {
      routing(ex, uri);
    } else {
      send(ex, 404, Map.of("error", "no such API path: " + uri.getPath()));
    }
  }

  private void instance(HttpExchange ex, String host, String port, ClusterSnapshot snapshot, long routingVersion)
      throws IOException {
    ClusterView v = ClusterView.of(spec, snapshot, routingVersion, url());
    String address = host + ":" + port;
    var found = v.instances().stream().filter(i -> i.address().equals(address)).findFirst();
    if (found.isPresent()) {
      send(ex, 200, found.get());
    } else {
      send(ex, 404, Map.of("error", "no instance " + address + " in cluster " + spec.name()));
    }
  }

  private void routing(HttpExchange ex, URI uri) throws IOException {
    long after = queryLong(uri, "after", 0);
    Versioned<Routing> r;
    try {
      r = monitor.routing().after(after).get(ROUTING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      r = monitor.routing().latest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r = monitor.routing().latest();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    send(ex, 200, RoutingView.of(r.version(), r.value()));
  }

  private static long queryLong(URI uri, String name, long fallback) {
    String q = uri.getRawQuery();
    if (q == null) {
      return fallback;
    }
    for (String kv : q.split("&")) {
      String[] p = kv.split("=", 2);
      if (p.length == 2 && p[0].equals(name)) {
        try {
          return Long.parseLong(p[1]);
        } catch (NumberFormatException e) {
          return fallback;
        }
      }
    }
    return fallback;
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
