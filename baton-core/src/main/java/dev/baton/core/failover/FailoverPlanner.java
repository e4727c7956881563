package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.util.ArrayList;
import java.util.List;

/** Builds recovery plans. Pure: the steps follow from the topology, the candidate and the settings. */
public final class FailoverPlanner {
  private FailoverPlanner() {}

  /**
   * Promote {@code candidate} after the primary failed. The old primary is fenced if it still
   * answers (best effort: it is usually dead) and stays in the topology as a replica that rejoins
   * only once Baton has checked its GTIDs.
   */
  public static RecoveryPlan failover(Topology current, InstanceAddress candidate, FailoverSettings settings,
      String reason) {
    Topology next = promoted(current, candidate);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.FenceOldPrimary(current.primary(), false, settings.deadPrimaryFenceTimeout()));
    steps.add(new Step.AwaitRelayLogApplied(candidate, settings.relayLogTimeout()));
    steps.add(new Step.Promote(candidate));
    // Writes resume with the publication; repointing the replicas need not hold them up.
    steps.add(new Step.PublishTopology(next));
    current.replicas().stream().filter(r -> !r.equals(candidate))
        .forEach(r -> steps.add(new Step.Repoint(r, candidate, true)));
    return new RecoveryPlan(RecoveryPlan.Kind.FAILOVER, current.primary(), candidate, next, steps, reason);
  }

  /**
   * Hand the primary role to {@code candidate} with no transaction lost: hold new write
   * connections at the routers, fence the primary, wait until the candidate has all of its
   * transactions, promote, publish (the held connections go to the new primary). As in the seed, the old primary is
   * left replicating-but-stopped (downtimed) unless {@code startOldPrimary}.
   */
  public static RecoveryPlan switchover(Topology current, InstanceAddress candidate, boolean startOldPrimary,
      FailoverSettings settings, String reason) {
    Topology next = promoted(current, candidate);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.HoldWrites(current.primary(), settings.writeHoldTimeout()));
    steps.add(new Step.FenceOldPrimary(current.primary(), true, settings.switchoverTimeout()));
    steps.add(new Step.AwaitCaughtUp(candidate, current.primary(), settings.switchoverTimeout()));
    steps.add(new Step.Promote(candidate));
    steps.add(new Step.PublishTopology(next));
    current.replicas().stream().filter(r -> !r.equals(candidate))
        .forEach(r -> steps.add(new Step.Repoint(r, candidate, true)));
    steps.add(new Step.Repoint(current.primary(), candidate, startOldPrimary));
    return new RecoveryPlan(RecoveryPlan.Kind.SWITCHOVER, current.primary(), candidate, next, steps, reason);
  }

  /** The candidate becomes primary; the old primary joins the replicas, in the members' order. */
  static Topology promoted(Topology current, InstanceAddress candidate) {
    if (!current.replicas().contains(candidate)) {
      throw new IllegalArgumentException(candidate + " is not a replica of " + current);
    }
    List<InstanceAddress> replicas = current.members().stream().filter(m -> !m.equals(candidate)).toList();
    return new Topology(candidate, replicas);
  }
}
