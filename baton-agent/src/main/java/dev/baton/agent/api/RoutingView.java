package dev.baton.agent.api;

import dev.baton.agent.routing.FollowingRouters;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.util.List;

/**
 * Where the endpoints send new connections, with the version the router waits on.
 *
 * @param write null while no instance may take writes
 * @param handingOver the primary whose open write connections are kept while new ones are held; null if none
 * @param manager the API URL of the master_lock holder as this agent last saw it (null if none):
 *     routers follow the holder, which learns of its own changes first
 * @param routers the routers following this agent, by the names they give
 * @param routersBehind those of them that do not route by this version yet; the write hold waits
 *     for them before the old primary is fenced
 * @param proxyProtocol whether the cluster's servers take PROXY protocol headers: its routers send them
 */
public record RoutingView(long version, String write, List<String> read, String handingOver, String manager,
    List<String> routers, List<String> routersBehind, boolean proxyProtocol) {
  static RoutingView of(long version, Routing routing, String manager, FollowingRouters.Standing routers,
      boolean proxyProtocol) {
    return new RoutingView(version, routing.write().map(InstanceAddress::toString).orElse(null),
        routing.read().stream().map(InstanceAddress::toString).toList(),
        routing.handingOver().map(InstanceAddress::toString).orElse(null), manager, routers.following(),
        routers.behind(), proxyProtocol);
  }
}
