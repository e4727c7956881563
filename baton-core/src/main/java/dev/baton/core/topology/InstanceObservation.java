package dev.baton.core.topology;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One probe of one instance at one moment. An unreachable instance carries only the error.
 *
 * @param superReadOnly MySQL's super_read_only; MariaDB has no such variable and reports false
 * @param gtidExecuted MySQL gtid_executed, MariaDB gtid_current_pos
 * @param replica present when replication from a source is configured
 */
public record InstanceObservation(
    InstanceAddress address,
    Instant observedAt,
    boolean reachable,
    Optional<String> error,
    String serverVersion,
    String serverUuid,
    boolean readOnly,
    boolean superReadOnly,
    String gtidExecuted,
    Optional<ReplicaStatus> replica) {

  public static InstanceObservation unreachable(InstanceAddress address, Instant at, String error) {
    return new InstanceObservation(address, at, false, Optional.of(error), "", "", false, false, "", Optional.empty());
  }

  public boolean writable() {
    return reachable && !readOnly && !superReadOnly;
  }

  public boolean replicating() {
    return reachable && replica.map(ReplicaStatus::replicating).orElse(false);
  }
}
