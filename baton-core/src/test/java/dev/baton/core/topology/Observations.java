package dev.baton.core.topology;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Instant;
import java.util.Optional;

/** Test fixtures: observations of instances in the states routing cares about. */
final class Observations {
  static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private Observations() {}

  static InstanceAddress address(int port) {
    return new InstanceAddress("127.0.0.1", port);
  }

  static InstanceObservation writablePrimary(InstanceAddress a) {
    return observation(a, false, false, Optional.empty());
  }

  static InstanceObservation readOnlyPrimary(InstanceAddress a) {
    return observation(a, true, false, Optional.empty());
  }

  static InstanceObservation superReadOnlyPrimary(InstanceAddress a) {
    return observation(a, false, true, Optional.empty());
  }

  static InstanceObservation replicaOf(InstanceAddress a, InstanceAddress source) {
    return replica(a, source, true, true);
  }

  static InstanceObservation replica(InstanceAddress a, InstanceAddress source, boolean io, boolean sql) {
    return observation(a, true, true, Optional.of(status(source, io, sql)));
  }

  /** A replicating replica whose lag is {@code lagSeconds}, or unknown when empty. */
  static InstanceObservation lagging(InstanceAddress a, InstanceAddress source, Optional<Long> lagSeconds) {
    ReplicaStatus status = new ReplicaStatus(source, true, true, lagSeconds, Optional.empty(), "");
    return observation(a, true, true, Optional.of(status));
  }

  static ReplicaStatus status(InstanceAddress source, boolean io, boolean sql) {
    return new ReplicaStatus(source, io, sql, Optional.of(0L), Optional.empty(), "");
  }

  static InstanceObservation observation(InstanceAddress a, boolean readOnly, boolean superReadOnly,
      Optional<ReplicaStatus> replica) {
    return new InstanceObservation(a, AT, true, Optional.empty(), "8.4.0", "uuid-" + a.port(), readOnly,
        superReadOnly, "", replica);
  }

  static InstanceObservation unreachable(InstanceAddress a) {
    return InstanceObservation.unreachable(a, AT, "Connection refused");
  }
}
