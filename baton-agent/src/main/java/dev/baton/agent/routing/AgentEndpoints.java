package dev.baton.agent.routing;

import dev.baton.agent.local.Ports;
import dev.baton.core.cluster.PortInUse;
import dev.baton.router.EndpointBindException;
import dev.baton.router.Router;
import dev.baton.router.RouterSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write and read endpoints served from inside an agent. Every agent of a cluster that places
 * its router in the agents runs one on the same ports: the first to bind them serves, the others
 * stand by and try again, at most {@link #MAX_RETRY} apart, so when the serving agent stops or
 * dies another takes the endpoints over within about that long. While an agent stands by it
 * runs no proxy threads; it only checks whether the write port came free.
 */
public final class AgentEndpoints implements AutoCloseable {
  public static final Duration FIRST_RETRY = Duration.ofMillis(50);
  /**
   * Bounds how long the endpoints stay down when the agent serving them dies. A check is one
   * failed bind of a plain socket, a few system calls; at 1 s apart the wait
   * was most of a takeover (bench/takeover: 0.3–0.9 s from the kill to the new agent serving).
   */
  public static final Duration MAX_RETRY = Duration.ofMillis(200);
  private static final Logger log = LoggerFactory.getLogger(AgentEndpoints.class);
  private static final String TAKEN = ": another agent of this cluster serves the endpoints, or another program"
      + " holds the port";

  private final RouterSettings settings;
  private final List<URI> agents;
  private final String servedBy;
  private final StatsListener stats;
  private final Thread thread;
  private final Object lock = new Object();
  private FollowingRouter serving;
  private boolean closed;

  /**
   * Told where the router's {@code GET /stats} is while this agent serves the endpoints. Best
   * effort: a failure is logged, and the endpoints serve all the same.
   */
  public interface StatsListener {
    void serving(String statsUrl) throws IOException;

    void stopped(String statsUrl) throws IOException;
  }

  private interface StatsCall {
    void tell(String statsUrl) throws IOException;
  }

  /**
   * @param agents the agents to follow, this one first
   * @param servedBy which agent this is, as the router's stats say, e.g. "agent of node2, pid 4242"
   */
  public AgentEndpoints(RouterSettings settings, List<URI> agents, String servedBy, StatsListener stats) {
    this.settings = settings;
    this.agents = List.copyOf(agents);
    this.servedBy = servedBy;
    this.stats = stats;
    this.thread = new Thread(this::serveOrStandBy, "agent-endpoints");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether this agent serves the endpoints now. */
  public boolean serving() {
    synchronized (lock) {
      return serving != null;
    }
  }

  private void serveOrStandBy() {
    Duration wait = FIRST_RETRY;
    boolean prepared = false;
    String standingBy = null;
    // Closed, not only interrupted: the warm-up's blocking calls may swallow the interrupt, and a
    // router bound after the close holds the ports until it is closed in turn (AgentEndpointsTest).
    while (!closed()) {
      String why;
      if (!Ports.isFree(settings.bindHost(), settings.writePort())) {
        why = PortInUse.message("write endpoint", settings.bindHost(), settings.writePort()) + TAKEN;
      } else {
        try {
          FollowingRouter router = FollowingRouter.start(settings, agents, OptionalInt.of(0), servedBy);
          if (adopt(router)) {
            log.info("serving the write endpoint {} and the read endpoint {} from this agent{}",
                router.router().writeAddress(), router.router().readAddress(),
                standingBy == null ? "" : ", after standing by");
            router.statsUrl().ifPresent(url -> tell(stats::serving, url));
          }
          return;
        } catch (EndpointBindException e) {
          why = e.problem() + (e.portInUse() ? TAKEN : "");
        } catch (IOException | RuntimeException e) {
          why = "the endpoints could not start: " + e.getMessage();
        }
      }
      if (!why.equals(standingBy)) {
        log.info("{}; standing by, trying again at most {} ms apart", why, MAX_RETRY.toMillis());
        standingBy = why;
      }
      if (!prepared) {
        log.info("warming the router up on scratch loopback ports, to take the endpoints over at full speed");
        Router.prepare(settings);
        prepared = true;
      }
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
    }
  }

  private boolean closed() {
    synchronized (lock) {
      return closed;
    }
  }

  private static void tell(StatsCall call, String statsUrl) {
    try {
      call.tell(statsUrl);
    } catch (IOException e) {
      log.warn("could not say where the router's stats are ({}): {}", statsUrl, e.getMessage());
    }
  }

  /** Keeps a started router unless this was closed meanwhile, in which case it is closed too. */
  private boolean adopt(FollowingRouter router) {
    synchronized (lock) {
      if (!closed) {
        serving = router;
        return true;
      }
    }
    router.close();
    return false;
  }

  @Override
  public void close() {
    FollowingRouter router;
    synchronized (lock) {
      closed = true;
      router = serving;
      serving = null;
    }
    thread.interrupt();
    if (router != null) {
      router.statsUrl().ifPresent(url -> tell(stats::stopped, url));
      router.close();
    }
  }
}
