package dev.baton.core.topology;

import dev.baton.core.cluster.InstanceAddress;
import java.util.List;
import java.util.Objects;

/**
 * The intended shape of a cluster: which instance is the primary and which replicate from it.
 * Observations say what the instances actually do; this says what they should do.
 */
public record Topology(InstanceAddress primary, List<InstanceAddress> replicas) {
  public Topology {
    Objects.requireNonNull(primary, "primary");
    replicas = List.copyOf(replicas);
    if (replicas.contains(primary)) {
      throw new IllegalArgumentException("primary " + primary + " is also listed as a replica");
    }
  }

  public List<InstanceAddress> members() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(primary), replicas.stream()).toList();
  }

  public Role roleOf(InstanceAddress address) {
    if (primary.equals(address)) {
      return Role.PRIMARY;
    }
    if (replicas.contains(address)) {
      return Role.REPLICA;
    }
    throw new IllegalArgumentException(address + " is not a member of the topology " + this);
  }
}
