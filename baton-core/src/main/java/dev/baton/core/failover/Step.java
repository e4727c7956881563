package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.time.Duration;

/**
 * One idempotent step of a recovery plan. The executor runs them in order, checking its lease
 * epoch before each touch of a server; a new manager can finish a half-done plan by running it
 * again from the start.
 */
public sealed interface Step {
  InstanceAddress instance();

  /** Whether the recovery fails when this step fails; other steps are best effort and audited. */
  boolean essential();

  /**
   * Wait until the agents' routing holds new write connections instead of sending them to
   * {@code instance}, the primary about to be fenced; best effort, bounded by {@code timeout}.
   */
  record HoldWrites(InstanceAddress instance, Duration timeout) implements Step {
    @Override
    public boolean essential() {
      return false;
    }
  }

  /**
   * Make the old primary refuse writes and end its client sessions, waiting at most
   * {@code timeout} for each answer. A failover's old primary was found dead: its fence is best
   * effort, and its process is stopped when it does not answer in time.
   */
  record FenceOldPrimary(InstanceAddress instance, boolean essential, Duration timeout) implements Step {}

  /** Wait until the candidate has applied everything it has received. */
  record AwaitRelayLogApplied(InstanceAddress instance, Duration timeout) implements Step {
    @Override
    public boolean essential() {
      return true;
    }
  }

  /** Wait until the candidate has executed every transaction of {@code source} (read once it is fenced). */
  record AwaitCaughtUp(InstanceAddress instance, InstanceAddress source, Duration timeout) implements Step {
    @Override
    public boolean essential() {
      return true;
    }
  }

  /** Stop and forget replication on the candidate, then make it writable. */
  record Promote(InstanceAddress instance) implements Step {
    @Override
    public boolean essential() {
      return true;
    }
  }

  /** Replicate from {@code source} with GTID auto-positioning; started unless the instance is left downtimed. */
  record Repoint(InstanceAddress instance, InstanceAddress source, boolean start) implements Step {
    @Override
    public boolean essential() {
      return false;
    }
  }

  /** Record the new topology; the routers follow it at once. */
  record PublishTopology(Topology topology) implements Step {
    @Override
    public InstanceAddress instance() {
      return topology.primary();
    }

    @Override
    public boolean essential() {
      return true;
    }
  }
}
