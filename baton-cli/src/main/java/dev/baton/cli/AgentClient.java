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

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** The answer to a mutating call: whether it was done, and the manager's one-line message. */
  record Answer(boolean ok, String message) {}

  /** How long a call waits while no manager holds master_lock (a leadership change under way). */
  static final Duration NO_LEADER_WAIT = Duration.ofSeconds(15);

  /**
   * POSTs to the first agent that answers; agents redirect to the one holding master_lock. While
   * none holds it (503), the call is retried for up to {@link #NO_LEADER_WAIT}.
   */
  Answer post(ClusterSpec spec, String pathAndQuery, String token, String dirForMessages) throws InterruptedException {
    long deadline = System.nanoTime() + NO_LEADER_WAIT.toNanos();
    while (true) {
      try {
        return postOnce(spec, pathAndQuery, token, dirForMessages);
      } catch (NoLeader e) {
        if (System.nanoTime() >= deadline) {
          throw new ClusterStateException(e.getMessage() + " for " + NO_LEADER_WAIT.toSeconds() + " s; see 'baton status"
              + dirForMessages + "'");
        }
        Thread.sleep(500);
      }
    }
  }

  /** Every agent answered that no manager holds master_lock right now. */
  private static final class NoLeader extends Exception {
    private static final long serialVersionUID = 1L;

    NoLeader(String message) {
      super(message);
    }
  }

  private HttpResponse<byte[]> send(URI uri, String token) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(COMMAND_TIMEOUT).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private Answer postOnce(ClusterSpec spec, String pathAndQuery, String token, String dirForMessages)
      throws InterruptedException, NoLeader {
    String lastError = "no agent answered";
    boolean noLeader = false;
    for (NodeSpec n : spec.nodes()) {
      URI uri = URI.create("http://" + spec.host() + ":" + n.apiPort() + pathAndQuery);
      try {
        HttpResponse<byte[]> r = send(uri, token);
        // A manager that does not hold the lock names the one that does; the command goes there, once.
        if (r.statusCode() == 307 && r.headers().firstValue("Location").isPresent()) {
          r = send(URI.create(r.headers().firstValue("Location").get()), token);
        }
        var body = Json.MAPPER.readTree(r.body());
        if (r.statusCode() == 200 || r.statusCode() == 409) {
          return new Answer(body.path("ok").asBoolean(), body.path("message").asText());
        }
        lastError = body.path("error").asText("HTTP " + r.statusCode());
        // Only "no manager holds the lock" may be asked again: any other answer means the request
        // reached the manager, and a command (a switchover) must never run twice.
        if (r.statusCode() != 503) {
          return new Answer(false, lastError);
        }
        noLeader = true;
      } catch (IOException e) {
        lastError = "agent " + uri.getHost() + ":" + uri.getPort() + " does not answer";
      }
    }
    if (noLeader) {
      throw new NoLeader("no manager holds master_lock");
    }
    throw new ClusterStateException("the request could not be made (" + lastError + "); is the cluster running?"
        + " ('baton status" + dirForMessages + "')");
  }

  /** The raw JSON of {@code GET /api/cluster/{name}}. */
  byte[] clusterJson(ClusterSpec spec, String dirForMessages) throws InterruptedException {
    return get(spec, "/api/cluster/" + spec.name(), dirForMessages);
  }

  /** The raw JSON of a GET from the first agent that answers it. */
  byte[] get(ClusterSpec spec, String path, String dirForMessages) throws InterruptedException {
    for (NodeSpec n : spec.nodes()) {
      URI uri = URI.create("http://" + spec.host() + ":" + n.apiPort() + path);
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
