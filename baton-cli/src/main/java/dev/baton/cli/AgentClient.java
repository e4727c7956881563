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

  /** A switchover waits for the candidate to catch up; the agent answers within its own command timeout. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(100);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  /** The answer to a mutating call: whether it was done, and the manager's one-line message. */
  record Answer(boolean ok, String message) {}

  /** POSTs to the first agent that answers; agents redirect to the one holding master_lock. */
  Answer post(ClusterSpec spec, String pathAndQuery, String token, String dirForMessages) throws InterruptedException {
    String lastError = "no agent answered";
    for (NodeSpec n : spec.nodes()) {
      URI uri = URI.create("http://" + spec.host() + ":" + n.apiPort() + pathAndQuery);
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(COMMAND_TIMEOUT)
            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        var body = Json.MAPPER.readTree(r.body());
        if (r.statusCode() == 200 || r.statusCode() == 409) {
          return new Answer(body.path("ok").asBoolean(), body.path("message").asText());
        }
        lastError = body.path("error").asText("HTTP " + r.statusCode());
        if (r.statusCode() == 400 || r.statusCode() == 401 || r.statusCode() == 404) {
          return new Answer(false, lastError);
        }
      } catch (IOException e) {
        lastError = "agent " + uri.getHost() + ":" + uri.getPort() + " does not answer";
      }
    }
    throw new ClusterStateException("the request could not be made (" + lastError + "); is the cluster running?"
        + " ('baton status" + dirForMessages + "')");
  }

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
