package dev.baton.agent.recovery;

import dev.baton.coord.Lease;
import dev.baton.core.failover.RecoveryPlan;
import dev.baton.core.failover.Step;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.control.ControlException;
import dev.baton.mysql.control.InstanceControl;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a committed plan's steps in order. Before each touch of a server it checks that the
 * master_lock is still held with the plan's epoch; a manager that lost it stops at once, and the
 * new holder decides what to do with the half-done plan.
 */
final class PlanExecutor {
  private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

  /** How a run ended. */
  enum Outcome { SUCCEEDED, FAILED, ROLLED_BACK, LOST_LEASE }

  record Result(Outcome outcome, String summary) {}

  private final InstanceControl control;
  private final Supplier<Optional<Lease>> lease;
  private final Consumer<Topology> publish;
  private final WriteHold hold;
  private final HardFence hardFence;
  private final Clock clock;

  PlanExecutor(InstanceControl control, Supplier<Optional<Lease>> lease, Consumer<Topology> publish, WriteHold hold,
      HardFence hardFence, Clock clock) {
    this.control = control;
    this.lease = lease;
    this.publish = publish;
    this.hold = hold;
    this.hardFence = hardFence;
    this.clock = clock;
  }

  Result run(RecoveryPlan plan, long epoch, String reason, Consumer<RecoveryRecord.Entry> audit) {
    for (Step step : plan.steps()) {
      if (lease.get().filter(l -> l.epoch().value() == epoch).isEmpty()) {
        audit.accept(entry(clock.instant(), describe(step), "not run: master_lock (epoch " + epoch + ") is no longer held", 0));
        return new Result(Outcome.LOST_LEASE, "stopped before " + describe(step) + ": lost master_lock");
      }
      Instant start = clock.instant();
      long t0 = System.nanoTime();
      try {
        String outcome = execute(step, epoch, reason);
        audit.accept(entry(start, describe(step), outcome, (System.nanoTime() - t0) / 1_000_000));
      } catch (ControlException | StepFailed | RuntimeException e) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        audit.accept(entry(start, describe(step), "failed: " + e.getMessage(), ms));
        if (!step.essential()) {
          log.warn("{} failed ({}); continuing, it is not essential", describe(step), e.getMessage());
          continue;
        }
        if (plan.kind() == RecoveryPlan.Kind.SWITCHOVER && step instanceof Step.AwaitCaughtUp) {
          return rollBack(plan, audit, e.getMessage());
        }
        return new Result(Outcome.FAILED, describe(step) + " failed: " + e.getMessage());
      }
    }
    return new Result(Outcome.SUCCEEDED, plan.kind().id() + " to " + plan.newPrimary() + " done");
  }

  private String execute(Step step, long epoch, String reason) throws ControlException, StepFailed {
    if (step instanceof Step.HoldWrites h) {
      try {
        return hold.await(h.instance(), h.timeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted while waiting for the routers to hold writes");
      }
    }
    if (step instanceof Step.FenceOldPrimary f) {
      return fence(f);
    }
    if (step instanceof Step.AwaitRelayLogApplied a) {
      if (!control.awaitRelayLogApplied(a.instance(), a.timeout())) {
        throw new StepFailed("the relay log was not applied within " + a.timeout().toSeconds() + " s");
      }
      return "applied";
    }
    if (step instanceof Step.AwaitCaughtUp a) {
      if (!control.awaitCaughtUp(a.instance(), a.source(), a.timeout())) {
        throw new StepFailed(a.instance() + " did not catch up with " + a.source() + " within "
            + a.timeout().toSeconds() + " s");
      }
      return "caught up";
    }
    if (step instanceof Step.Promote p) {
      control.promote(p.instance(), epoch, reason);
      return "writable, epoch " + epoch + " recorded";
    }
    if (step instanceof Step.Repoint r) {
      control.repoint(r.instance(), r.source(), r.start());
      return r.start() ? "replicating from " + r.source() : "configured, left stopped (downtimed)";
    }
    Step.PublishTopology t = (Step.PublishTopology) step;
    publish.accept(t.topology());
    return "published";
  }

  /**
   * A switchover's fence must succeed (the primary is alive and must stop writing). A failover's
   * old primary was found dead: it gets a short wait, and when it does not even let the manager
   * log in (dead, or frozen) its process is stopped, so that it cannot wake up writable beside
   * the new primary. One that logs in but is slow to fence is alive: it is left running.
   */
  private String fence(Step.FenceOldPrimary f) throws ControlException {
    try {
      return "read-only, " + control.fence(f.instance(), f.timeout()) + " client sessions ended";
    } catch (ControlException e) {
      if (f.essential()) {
        throw e;
      }
      if (!e.unreachable()) {
        return "fence failed (" + e.getMessage() + "); it is alive and was left running";
      }
      return "not reachable (" + e.getMessage() + "); " + hardFence.stop(f.instance());
    }
  }

  /** A switchover that cannot complete gives the primary role back: nothing was promoted yet. */
  private Result rollBack(RecoveryPlan plan, Consumer<RecoveryRecord.Entry> audit, String why) {
    Instant start = clock.instant();
    try {
      control.makePrimaryWritable(plan.oldPrimary());
      audit.accept(entry(start, "roll back: make " + plan.oldPrimary() + " writable again", "done", 0));
      return new Result(Outcome.ROLLED_BACK, "switchover aborted and rolled back: " + why);
    } catch (ControlException e) {
      audit.accept(entry(start, "roll back: make " + plan.oldPrimary() + " writable again", "failed: " + e.getMessage(), 0));
      return new Result(Outcome.FAILED, "switchover aborted (" + why + ") and the rollback failed: " + e.getMessage());
    }
  }

  static String describe(Step step) {
    if (step instanceof Step.HoldWrites) {
      return "hold new writes away from " + step.instance();
    }
    if (step instanceof Step.FenceOldPrimary) {
      return "fence " + step.instance();
    }
    if (step instanceof Step.AwaitRelayLogApplied) {
      return "wait for " + step.instance() + " to apply its relay log";
    }
    if (step instanceof Step.AwaitCaughtUp a) {
      return "wait for " + a.instance() + " to catch up with " + a.source();
    }
    if (step instanceof Step.Promote) {
      return "promote " + step.instance();
    }
    if (step instanceof Step.Repoint r) {
      return "repoint " + r.instance() + " to " + r.source();
    }
    return "publish topology with primary " + step.instance();
  }

  private static RecoveryRecord.Entry entry(Instant at, String what, String outcome, long millis) {
    return new RecoveryRecord.Entry(at, what, outcome, millis);
  }

  /** A wait that ended without the condition it waited for. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }
}
