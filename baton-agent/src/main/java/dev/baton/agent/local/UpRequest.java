package dev.baton.agent.local;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.cluster.RouterPlacement;
import java.util.Optional;

/**
 * What {@code baton up} was asked for. Flavor, node count, ports and router placement are empty
 * when not given: a new cluster then gets the defaults, an existing one keeps what it has. Of
 * these only the router placement may differ from an existing cluster's, which then changes.
 *
 * @param proxyProtocol whether PROXY protocol headers were asked for: a new cluster gets them, an
 *     existing one must have them already (its servers were configured for them at creation)
 */
public record UpRequest(Optional<Flavor> flavor, Optional<NodeCount> nodes, RequestedPorts ports, String name,
    Optional<RouterPlacement> router, boolean proxyProtocol) {
  public static final Flavor DEFAULT_FLAVOR = Flavor.MYSQL;
}
