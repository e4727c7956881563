package dev.baton.agent.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.api.HttpServers;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.PortInUse;
import dev.baton.router.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A router's counters over HTTP, for {@code baton status} and for scripts and dashboards:
 * {@code GET /stats} answers which process serves the endpoints, the routing in force, each endpoint's connections (active, held,
 * draining), connects that failed and bytes, and each backend's connections, bytes and health.
 * One thread: it is read by people and pollers, never on the data path.
 */
public final class RouterStatsServer implements AutoCloseable {
  private final Router router;
  private final String servedBy;
  private final HttpServer server;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "router-stats");
    t.setDaemon(true);
    return t;
  });

  /** @param servedBy which process this is, for an operator who must find it, e.g. "router process, pid 4242" */
  public RouterStatsServer(Router router, String servedBy, String host, int port) throws IOException {
    this.router = router;
    this.servedBy = servedBy;
    try {
      this.server = HttpServers.create(new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new BindException(PortInUse.message("router stats", host, port) + ": choose another --stats-port");
    }
    server.setExecutor(thread);
    server.createContext("/stats", this::stats);
    server.start();
  }

  /** Where {@code GET /stats} is served, e.g. http://127.0.0.1:41234/stats. */
  public String url() {
    InetSocketAddress bound = server.getAddress();
    return "http://" + new InstanceAddress(bound.getHostString(), bound.getPort()) + "/stats";
  }

  private void stats(HttpExchange ex) throws IOException {
    try (ex) {
      var stats = router.stats();
      var routing = router.routing();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("servedBy", servedBy);
      body.put("routing", Map.of("write", routing.write().map(InstanceAddress::toString).orElse("none"),
          "read", routing.read().stream().map(InstanceAddress::toString).toList()));
      body.put("transport", Map.of("name", router.transport(), "eventLoops", router.eventLoops()));
      body.put("write", stats.write());
      body.put("read", stats.read());
      body.put("backends", stats.backends());
      byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
