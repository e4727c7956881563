package dev.baton.agent.routing;

import dev.baton.agent.local.ClusterDirectory;
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
 * A router that serves the write and read endpoints while their ports are free, and stands by
 * while another process holds them: it tries again, at most {@link #MAX_RETRY} apart, and binds
 * them as soon as they come free. Every agent of a cluster that places its router in the agents
 * runs one on the same ports: the first to bind them serves, and when it stops or dies another
 * takes the endpoints over within about that long. A router process ('baton router') is one too,
 * so a port taken by another program is a log line and a wait, not an exit. While it stands by
 * it runs no proxy threads; it only checks whether the write port came free.
 */
public final class StandingRouter implements AutoCloseable {
  public static final Duration FIRST_RETRY = Duration.ofMillis(50);
  /**
   * Bounds how long the endpoints stay down when the agent serving them dies. A check is one
   * failed bind of a plain socket, a few system calls; at 1 s apart the wait
   * was most of a takeover (bench/takeover: 0.3–0.9 s from the kill to the new agent serving).
   */
  public static final Duration MAX_RETRY = Duration.ofMillis(200);
  private static final Logger log = LoggerFactory.getLogger(StandingRouter.class);
  private static final String TAKEN = ": another router of this cluster serves the endpoints, or another program"
      + " holds the port";

  private final RouterSettings settings;
  private final List<URI> agents;
  private final OptionalInt statsPort;
  private final String servedBy;
  private final StatsListener stats;
  private final Thread thread;
  private final Object lock = new Object();
  private FollowingRouter serving;
  private boolean closed;
  /** Why it stands by, as last logged: set by {@link #start}, then by the stand-by thread alone. */
  private volatile String standingBy;

  /**
   * Told where the router's {@code GET /stats} is while it serves the endpoints. Best effort: a
   * failure is logged, and the endpoints serve all the same.
   */
  public interface StatsListener {
    void serving(String statsUrl) throws IOException;

    void stopped(String statsUrl) throws IOException;
  }

  /** Writes where the stats are into a local cluster's directory, for 'baton status'. */
  public static StatsListener publishedIn(ClusterDirectory dir) {
    return new StatsListener() {
      @Override
      public void serving(String statsUrl) throws IOException {
        dir.publishRouterStats(statsUrl);
      }

      @Override
      public void stopped(String statsUrl) throws IOException {
        dir.withdrawRouterStats(statsUrl);
      }
    };
  }

  /** Tells nobody: the serving line in the log names the stats' URL. */
  public static final StatsListener UNPUBLISHED = new StatsListener() {
    @Override
    public void serving(String statsUrl) {
    }

    @Override
    public void stopped(String statsUrl) {
    }
  };

  private interface StatsCall {
    void tell(String statsUrl) throws IOException;
  }

  /**
   * @param agents the agents to follow, in the order to try them
   * @param statsPort where to serve the stats, 0 for any free port; empty for nowhere
   * @param servedBy which process this is, as the router's stats say, e.g. "agent of node2, pid 4242"
   */
  public StandingRouter(RouterSettings settings, List<URI> agents, OptionalInt statsPort, String servedBy,
      StatsListener stats) {
    this.settings = settings;
    this.agents = List.copyOf(agents);
    this.statsPort = statsPort;
    this.servedBy = servedBy;
    this.stats = stats;
    this.thread = new Thread(this::standBy, "standing-router");
    this.thread.setDaemon(true);
  }

  /**
   * Serves the endpoints if their ports are free; otherwise says why in one log line and stands
   * by in the background.
   *
   * @throws EndpointBindException if an endpoint cannot listen for a reason other
   *     than a taken port (an address that is not this machine's): waiting would not help
   * @throws IOException if the stats cannot listen
   */
  public void start() throws IOException {
    try {
      serve(false);
    } catch (EndpointBindException e) {
      if (!e.portInUse()) {
        throw e;
      }
      sayWhy(e.problem() + TAKEN);
      thread.start();
    }
  }

  /** Whether this serves the endpoints now. */
  public boolean serving() {
    synchronized (lock) {
      return serving != null;
    }
  }

  private void standBy() {
    Router.prepare(settings);
    Duration wait = FIRST_RETRY;
    // Closed, not only interrupted: the warm-up's blocking calls may swallow the interrupt, and a
    // router bound after the close holds the ports until it is closed in turn (StandingRouterTest).
    while (!closed()) {
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
      String why;
      if (!Ports.isFree(settings.bindHost(), settings.writePort())) {
        why = PortInUse.message("write endpoint", settings.bindHost(), settings.writePort()) + TAKEN;
      } else {
        try {
          serve(true);
          return;
        } catch (EndpointBindException e) {
          why = e.problem() + (e.portInUse() ? TAKEN : "");
        } catch (IOException | RuntimeException e) {
          why = "the endpoints could not start: " + e.getMessage();
        }
      }
      if (!why.equals(standingBy)) {
        sayWhy(why);
      }
    }
  }

  private void sayWhy(String why) {
    log.info("{}; standing by, trying again at most {} ms apart", why, MAX_RETRY.toMillis());
    standingBy = why;
  }

  /** Starts the router and keeps it, unless this was closed meanwhile. */
  private void serve(boolean afterStandingBy) throws IOException {
    FollowingRouter router = FollowingRouter.start(settings, agents, statsPort, servedBy);
    if (adopt(router)) {
      log.info("serving the write endpoint {} and the read endpoint {}{}{}", router.router().writeAddress(),
          router.router().readAddress(), router.statsUrl().map(url -> ", stats at " + url).orElse(""),
          afterStandingBy ? ", after standing by" : "");
      router.statsUrl().ifPresent(url -> tell(stats::serving, url));
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
