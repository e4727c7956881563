package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import java.util.Map;
import java.util.Optional;

/**
 * Gives the primary its writes back when it answers read-only and nothing explains it: it fenced
 * itself while cut off from the managers, or it restarted (every instance starts read-only). Pure.
 *
 * <p>Nothing is done while automatic recovery is paused or a plan is under way (a switchover
 * fences the primary on purpose), while the primary replicates from another instance, or while
 * another member accepts writes: those call for an operator or for the fence of that member.
 */
public final class WriteRestore {
  private WriteRestore() {}

  public static Optional<InstanceAddress> decide(ClusterState state, Map<InstanceAddress, InstanceObservation> observations) {
    if (state.paused() || state.plan().isPresent()) {
      return Optional.empty();
    }
    InstanceAddress primary = state.topology().primary();
    InstanceObservation p = observations.get(primary);
    if (p == null || !p.reachable() || p.writable() || p.replica().isPresent()) {
      return Optional.empty();
    }
    boolean otherWritable = observations.values().stream()
        .anyMatch(o -> !o.address().equals(primary) && o.writable());
    return otherWritable ? Optional.empty() : Optional.of(primary);
  }
}
