package dev.baton.agent.routing;

import dev.baton.agent.api.ApiServer;
import dev.baton.agent.api.HttpFailure;
import dev.baton.router.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps a router's routing equal to what the agents publish. It long-polls one agent at a time
 * ({@code GET /api/routing?after=V}), so a change arrives as soon as the agent sees it, and moves
 * to the master_lock holder an answer names; when an agent fails it moves to the next with a
 * bounded backoff. Each poll names this router and the version it routes by
 * ({@link FollowingRouters}), and is sent only once the previous answer is in force.
 *
 * <p>Each agent's first failure in a streak is logged, then one line once all have failed; the
 * retries that follow (every {@link #MAX_BACKOFF} while the agents stay away, possibly for hours)
 * log at debug, and the first answer after the streak says how long it lasted.
 */
public final class RoutingFollower implements AutoCloseable {
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(RoutingFollower.class);

  private static final AtomicInteger FOLLOWERS = new AtomicInteger();

  private final List<URI> agents;
  private final Router router;
  /** How the agents know this router: the write hold waits until it routes by the hold. */
  private final String name = "router-" + ProcessHandle.current().pid() + "-" + FOLLOWERS.incrementAndGet() + "@" + hostName();
  private final RoutingClient client = new RoutingClient(Duration.ofSeconds(1));
  private final Thread thread;
  private volatile boolean running = true;

  public RoutingFollower(List<URI> agents, Router router) {
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
    String heardManager = "";
    int agent = 0;
    // When each agent last failed (System.nanoTime), 0 once it answers: a holder whose agent just
    // failed is not moved to again at once. Its lease outlives it by seconds, and the other agents
    // name it all that time; moving back and forth cost a WARN line and two requests every 0.1 s.
    long[] failedAt = new long[agents.size()];
    Duration backoff = INITIAL_BACKOFF;
    int failures = 0;
    long failingSince = 0;
    while (running) {
      URI base = agents.get(agent);
      try {
        RoutingClient.Answer a = client.fetch(base, version, name, heardManager, ApiServer.ROUTING_WAIT.plusSeconds(5));
        heardManager = a.manager() == null ? "" : a.manager();
        if (a.version() != version) {
          version = a.version();
          // Before the routing, so that the first connections to the servers carry the header.
          router.proxyProtocol(a.proxyProtocol());
          router.route(a.routing());
        }
        if (failures > 0) {
          log.info("routing from agent {} again, after {} failed attempts in {} s", base, failures,
              Duration.ofNanos(System.nanoTime() - failingSince).toSeconds());
          failures = 0;
        }
        backoff = INITIAL_BACKOFF;
        failedAt[agent] = 0;
        int holder = indexOf(a.manager());
        if (holder >= 0 && holder != agent
            && (failedAt[holder] == 0 || System.nanoTime() - failedAt[holder] > MAX_BACKOFF.toNanos())) {
          // The holder decides and sees its own changes first; the others learn them from the Raft log.
          log.info("following the routing of {}, the master_lock holder", agents.get(holder));
          agent = holder;
          version = 0;
        }
      } catch (IOException | RuntimeException e) {
        if (!running) {
          return;
        }
        failedAt[agent] = System.nanoTime();
        if (failures++ == 0) {
          failingSince = System.nanoTime();
        }
        log.atLevel(failures <= agents.size() ? Level.WARN : Level.DEBUG).log(
            "routing from agent {} unavailable ({}); trying {} in {} ms", base, HttpFailure.reason(e),
            agents.get((agent + 1) % agents.size()), backoff.toMillis());
        if (failures == agents.size()) {
          log.warn("no agent answers; the routing in force stays, and every agent is tried again, at most {} s"
              + " apart (further failures are logged at debug level)", MAX_BACKOFF.toSeconds());
        }
        agent = (agent + 1) % agents.size();
        version = 0;
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  /** Where {@code url} is in the agent list (same host and port), or -1. */
  private int indexOf(String url) {
    if (url == null) {
      return -1;
    }
    URI u = URI.create(url);
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).getHost().equals(u.getHost()) && agents.get(i).getPort() == u.getPort()) {
        return i;
      }
    }
    return -1;
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
