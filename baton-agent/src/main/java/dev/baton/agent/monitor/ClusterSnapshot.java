package dev.baton.agent.monitor;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.Routing;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's latest view: intended topology, one observation per instance, and the routing
 * decided from them.
 *
 * @param primaryGtidsAfterReplicas the primary's executed GTIDs read once every replica had been
 *     probed, for telling errant transactions from ones committed during the round
 */
public record ClusterSnapshot(
    Instant at,
    Optional<Topology> topology,
    Map<InstanceAddress, InstanceObservation> observations,
    Optional<String> primaryGtidsAfterReplicas,
    Routing routing) {

  public ClusterSnapshot {
    observations = Map.copyOf(observations);
  }

  public static ClusterSnapshot empty(Instant at) {
    return new ClusterSnapshot(at, Optional.empty(), Map.of(), Optional.empty(), Routing.NONE);
  }
}
