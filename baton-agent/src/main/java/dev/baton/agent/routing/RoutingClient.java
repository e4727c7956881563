package dev.baton.agent.routing;

import dev.baton.agent.json.Json;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads an agent's routing: {@code GET /api/routing?after=V} answers once its version is newer than V. */
final class RoutingClient {
  /**
   * {@code routers} and {@code routersBehind} are null from an agent that does not track its
   * routers; {@code proxyProtocol} is false from one older than the setting (its cluster had none).
   */
  record Answer(long version, String write, List<String> read, String handingOver, String manager,
      List<String> routers, List<String> routersBehind, boolean proxyProtocol) {
    Routing routing() {
      return new Routing(Optional.ofNullable(write).map(InstanceAddress::parse),
          read.stream().map(InstanceAddress::parse).toList(),
          Optional.ofNullable(handingOver).map(InstanceAddress::parse));
    }
  }

  private final HttpClient http;

  RoutingClient(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  /**
   * {@code router} names the router that routes by version {@code after}, and {@code heardManager}
   * the master_lock holder it last heard of ("" for none); both null when it is not a router asking.
   */
  Answer fetch(URI agent, long after, String router, String heardManager, Duration timeout)
      throws IOException, InterruptedException {
    String query = "/api/routing?after=" + after
        + (router == null ? "" : "&router=" + URLEncoder.encode(router, StandardCharsets.UTF_8))
        + (heardManager == null ? "" : "&manager=" + URLEncoder.encode(heardManager, StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(agent.resolve(query)).timeout(timeout).GET().build();
    HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() != 200) {
      throw new IOException("HTTP " + resp.statusCode());
    }
    return Json.MAPPER.readValue(resp.body(), Answer.class);
  }
}
