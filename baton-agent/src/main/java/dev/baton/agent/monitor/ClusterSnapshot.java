package dev.baton.agent.monitor;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.Routing;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The monitor's latest view: intended topology, one observation per instance, and the routing decided from them. */
public record ClusterSnapshot(
    Instant at,
    Optional<Topology> topology,
    Map<InstanceAddress, InstanceObservation> observations,
    Routing routing) {

  public ClusterSnapshot {
    observations = Map.copyOf(observations);
  }

  public static ClusterSnapshot empty(Instant at) {
    return new ClusterSnapshot(at, Optional.empty(), Map.of(), Routing.NONE);
  }
}
