package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.util.List;

/**
 * What a failover or switchover will do, decided before anything is touched.
 *
 * @param reason why, for the audit record (the analysis, or the operator's request)
 */
public record RecoveryPlan(Kind kind, InstanceAddress oldPrimary, InstanceAddress newPrimary, Topology newTopology,
    List<Step> steps, String reason) {
  public enum Kind {
    FAILOVER,
    SWITCHOVER;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RecoveryPlan {
    steps = List.copyOf(steps);
  }
}
