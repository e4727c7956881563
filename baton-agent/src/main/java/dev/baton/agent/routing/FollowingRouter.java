package dev.baton.agent.routing;

import dev.baton.router.Router;
import dev.baton.router.RouterSettings;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A router kept on the routing that the agents publish, with its counters over HTTP when asked:
 * what {@code baton router} runs, and what an agent runs when the endpoints are placed in the
 * agents. Either way it follows the agents over their API, so the switchover's write hold
 * counts it like any other router.
 */
public final class FollowingRouter implements AutoCloseable {
  private final Router router;
  private final Optional<RouterStatsServer> stats;
  private final RoutingFollower follower;

  private FollowingRouter(Router router, Optional<RouterStatsServer> stats, RoutingFollower follower) {
    this.router = router;
    this.stats = stats;
    this.follower = follower;
  }

  /**
   * Binds the endpoints, starts following {@code agents} (the first of them first), then serves
   * the stats (on {@code statsPort} of the endpoints' host; 0 picks a free port). Until the first
   * routing arrives the endpoints hold their clients: following comes before the stats, which no
   * client waits for.
   *
   * @param servedBy which process this is, as the stats say; see {@link RouterStatsServer}
   *
   * @throws dev.baton.router.EndpointBindException if an endpoint cannot listen; nothing is left running
   * @throws IOException if the stats cannot listen; nothing is left running
   */
  public static FollowingRouter start(RouterSettings settings, List<URI> agents, OptionalInt statsPort,
      String servedBy) throws IOException {
    Router router = Router.start(settings);
    RoutingFollower follower = null;
    try {
      follower = new RoutingFollower(agents, router);
      follower.start();
      Optional<RouterStatsServer> stats = statsPort.isPresent()
          ? Optional.of(new RouterStatsServer(router, servedBy, settings.bindHost(), statsPort.getAsInt()))
          : Optional.empty();
      return new FollowingRouter(router, stats, follower);
    } catch (IOException | RuntimeException e) {
      if (follower != null) {
        follower.close();
      }
      router.close();
      throw e;
    }
  }

  public Router router() {
    return router;
  }

  /** Where {@code GET /stats} is served, if it is. */
  public Optional<String> statsUrl() {
    return stats.map(RouterStatsServer::url);
  }

  /** Stops following, then the stats, then the endpoints (which close their connections). */
  @Override
  public void close() {
    follower.close();
    stats.ifPresent(RouterStatsServer::close);
    router.close();
  }
}
