package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.api.HttpFailure;
import dev.baton.agent.json.Json;
import dev.baton.agent.local.ClusterDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The local router's counters under {@code baton status}: per endpoint connections, held and
 * draining ones, failed connects and bytes; per backend its health and traffic. Asked of the
 * router's own {@code GET /stats}, whose URL it left in the cluster directory.
 */
final class RouterStatsTable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private RouterStatsTable() {
  }

  static void print(PrintWriter out, ClusterDirectory dir) throws InterruptedException {
    if (!Files.exists(dir.routerStatsUrl())) {
      return;
    }
    String url = "";
    JsonNode stats;
    try {
      url = Files.readString(dir.routerStatsUrl()).strip();
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      stats = Json.MAPPER.readTree(r.body());
    } catch (IOException | IllegalArgumentException e) {
      out.printf("Router: no answer from %s (%s)%n", url, HttpFailure.reason(e));
      return;
    }
    JsonNode transport = stats.path("transport");
    int loops = transport.path("eventLoops").asInt();
    out.printf("Router %s  (%s; %s, %d event %s)%n", url, stats.path("servedBy").asText("?"),
        transport.path("name").asText("?"), loops, loops == 1 ? "loop" : "loops");
    String fmt = "  %-15s %6s %5s %8s %9s %8s %10s %10s%n";
    out.printf(fmt, "ENDPOINT", "ACTIVE", "HELD", "DRAINING", "ACCEPTED", "FAILED", "IN", "OUT");
    for (String endpoint : new String[] {"write", "read"}) {
      JsonNode e = stats.path(endpoint);
      out.printf(fmt, endpoint, e.path("active").asLong(), e.path("held").asLong(), e.path("draining").asLong(),
          e.path("accepted").asLong(), e.path("failedConnects").asLong(), bytes(e.path("bytesClientToServer")),
          bytes(e.path("bytesServerToClient")));
    }
    String backendFmt = "  %-21s %-9s %6s %11s %6s %10s %10s  %s%n";
    out.printf(backendFmt, "BACKEND", "HEALTH", "ACTIVE", "CONNECTIONS", "FAILED", "IN", "OUT", "LAST CHECK FAILURE");
    for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("backends").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> b = it.next();
      JsonNode v = b.getValue();
      out.printf(backendFmt, b.getKey(), v.path("health").asText(), v.path("active").asLong(),
          v.path("connections").asLong(), v.path("failedConnects").asLong(), bytes(v.path("bytesToServer")),
          bytes(v.path("bytesToClient")), v.path("lastCheckFailure").asText(""));
    }
  }

  private static String bytes(JsonNode n) {
    double b = n.asDouble();
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return u == 0 ? String.format("%.0f %s", b, units[u]) : String.format("%.1f %s", b, units[u]);
  }
}
