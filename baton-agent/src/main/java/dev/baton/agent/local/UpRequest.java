package dev.baton.agent.local;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.RequestedPorts;
import java.util.Optional;

/**
 * What {@code baton up} was asked for. Flavor, node count and ports are empty when not given: a
 * new cluster then gets the defaults, an existing one keeps what it has.
 */
public record UpRequest(Optional<Flavor> flavor, Optional<NodeCount> nodes, RequestedPorts ports, String name) {
  public static final Flavor DEFAULT_FLAVOR = Flavor.MYSQL;
}
