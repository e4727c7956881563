package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The managers' shared, agreed state of one cluster: its topology, per-instance flags, whether
 * automatic recovery is paused, the last recovery not yet acknowledged, and a plan in progress
 * (so that a new manager can finish it). Changed only by compare-and-set in the coordination store.
 */
public record ClusterState(
    Topology topology,
    List<InstanceFlags> instances,
    boolean paused,
    Optional<Instant> unacknowledgedRecovery,
    Optional<PlanInProgress> plan) {

  /** A plan committed before execution, with the master_lock epoch under which it runs. */
  public record PlanInProgress(String recoveryId, long epoch, RecoveryPlan plan) {}

  public ClusterState {
    instances = List.copyOf(instances);
  }

  public static ClusterState initial(Topology topology) {
    return new ClusterState(topology, topology.members().stream().map(InstanceFlags::neutral).toList(), false,
        Optional.empty(), Optional.empty());
  }

  /**
   * Whether the write endpoints hold new connections: a plan is under way and its new primary is
   * not published yet. The hold starts with the plan's commit, before the old primary is fenced,
   * so that no new connection reaches a primary about to refuse writes.
   */
  public boolean writesHeld() {
    return plan.filter(p -> p.plan().oldPrimary().equals(topology.primary())).isPresent();
  }

  public InstanceFlags flags(InstanceAddress address) {
    return instances.stream().filter(f -> f.address().equals(address)).findFirst()
        .orElse(InstanceFlags.neutral(address));
  }

  public ClusterState withTopology(Topology next) {
    return new ClusterState(next, instances, paused, unacknowledgedRecovery, plan);
  }

  public ClusterState withFlags(InstanceAddress address, UnaryOperator<InstanceFlags> change) {
    List<InstanceFlags> next = topology.members().stream()
        .map(a -> a.equals(address) ? change.apply(flags(a)) : flags(a)).toList();
    return new ClusterState(topology, next, paused, unacknowledgedRecovery, plan);
  }

  public ClusterState withPaused(boolean value) {
    return new ClusterState(topology, instances, value, unacknowledgedRecovery, plan);
  }

  public ClusterState withUnacknowledgedRecovery(Optional<Instant> at) {
    return new ClusterState(topology, instances, paused, at, plan);
  }

  public ClusterState withPlan(Optional<PlanInProgress> value) {
    return new ClusterState(topology, instances, paused, unacknowledgedRecovery, value);
  }
}
