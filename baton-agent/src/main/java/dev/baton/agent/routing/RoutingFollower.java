package dev.baton.agent.routing;

import dev.baton.agent.api.ApiServer;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a router's routing equal to what the agents publish. It long-polls one agent at a time
 * ({@code GET /api/routing?after=V}), so a change arrives as soon as the agent sees it; when an
 * agent fails it moves to the next with a bounded backoff, logging one line per failure.
 */
public final class RoutingFollower implements AutoCloseable {
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(RoutingFollower.class);

  private final List<URI> agents;
  private final Consumer<Routing> router;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Thread thread;
  private volatile boolean running = true;

  private record Answer(long version, String write, List<String> read) {}

  public RoutingFollower(List<URI> agents, Consumer<Routing> router) {
    if (agents.isEmpty()) {
      throw new IllegalArgumentException("a router needs at least one agent URL to follow");
    }
    this.agents = List.copyOf(agents);
    this.router = router;
    this.thread = new Thread(this::follow, "routing-follower");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void follow() {
    long version = 0;
    int agent = 0;
    Duration backoff = INITIAL_BACKOFF;
    while (running) {
      URI base = agents.get(agent);
      try {
        Answer a = poll(base, version);
        if (a.version() != version) {
          version = a.version();
          router.accept(toRouting(a));
        }
        backoff = INITIAL_BACKOFF;
      } catch (IOException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("routing from agent {} unavailable ({}); trying {} in {} ms", base, e.getMessage(),
            agents.get((agent + 1) % agents.size()), backoff.toMillis());
        agent = (agent + 1) % agents.size();
        version = 0;
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Answer poll(URI base, long after) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/routing?after=" + after))
        .timeout(ApiServer.ROUTING_WAIT.plusSeconds(5)).GET().build();
    HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() != 200) {
      throw new IOException("HTTP " + resp.statusCode());
    }
    return Json.MAPPER.readValue(resp.body(), Answer.class);
  }

  private static Routing toRouting(Answer a) {
    return new Routing(Optional.ofNullable(a.write()).map(InstanceAddress::parse),
        a.read().stream().map(InstanceAddress::parse).toList());
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
