package dev.baton.cli;

import dev.baton.agent.api.ClusterView;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.NodeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a local cluster's agents, first one that answers, for the cluster's state. */
final class AgentClient {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** The raw JSON of {@code GET /api/cluster/{name}}. */
  byte[] clusterJson(ClusterSpec spec, String dirForMessages) throws InterruptedException {
    for (NodeSpec n : spec.nodes()) {
      URI uri = URI.create("http://" + spec.host() + ":" + n.apiPort() + "/api/cluster/" + spec.name());
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException e) {
        // This agent is down; the next one may answer.
      }
    }
    throw new ClusterStateException("no agent of cluster '" + spec.name() + "' answers: the cluster is not running;"
        + " start it with 'baton up" + dirForMessages + "'");
  }

  ClusterView cluster(ClusterSpec spec, String dirForMessages) throws InterruptedException, IOException {
    return Json.MAPPER.readValue(clusterJson(spec, dirForMessages), ClusterView.class);
  }
}
