package dev.baton.agent.api;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.util.List;

/**
 * Where the endpoints send new connections, with the version the router waits on.
 *
 * @param write null while no instance may take writes
 * @param handingOver the primary whose open write connections are kept while new ones are held; null if none
 */
public record RoutingView(long version, String write, List<String> read, String handingOver) {
  static RoutingView of(long version, Routing routing) {
    return new RoutingView(version, routing.write().map(InstanceAddress::toString).orElse(null),
        routing.read().stream().map(InstanceAddress::toString).toList(),
        routing.handingOver().map(InstanceAddress::toString).orElse(null));
  }
}
