package dev.baton.agent.local;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import java.util.Optional;

/**
 * What {@code baton up} was asked for. Flavor and node count are empty when not given: a new
 * cluster then gets the defaults, an existing one keeps what it has.
 */
public record UpRequest(Optional<Flavor> flavor, Optional<NodeCount> nodes, String name) {
  public static final Flavor DEFAULT_FLAVOR = Flavor.MYSQL;
}
