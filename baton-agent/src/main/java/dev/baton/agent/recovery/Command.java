package dev.baton.agent.recovery;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.failover.PromotionRule;
import java.util.Optional;

/** An operator's request to the manager that holds master_lock. */
public sealed interface Command {
  /** Promote a replica now; {@code force} ignores the anti-flapping block and a paused cluster. */
  record Failover(Optional<InstanceAddress> to, boolean force) implements Command {}

  record Switchover(Optional<InstanceAddress> to, boolean startOldPrimary) implements Command {}

  record Pause() implements Command {}

  record Resume() implements Command {}

  /** Acknowledge every recovery: lifts the anti-flapping block. */
  record Acknowledge() implements Command {}

  /** Start replication on a downtimed instance (the old primary after a switchover). */
  record StartReplica(InstanceAddress instance) implements Command {}

  record SetPromotionRule(InstanceAddress instance, PromotionRule rule) implements Command {}

  /** An instance was rebuilt from a donor ('baton reseed'): it may rejoin. */
  record Rebuilt(InstanceAddress instance) implements Command {}

  /** What became of a command: one line for the operator. */
  record Result(boolean ok, String message) {}
}
