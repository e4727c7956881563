package dev.baton.agent.fencing;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.control.ControlException;
import dev.baton.mysql.control.InstanceControl;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link SelfFenceRule} to the agent's own instance: when the instance is the primary
 * and the coordination store has not answered for too long, sets it read-only (super_read_only
 * on MySQL) and ends its client sessions. Once per silence: it does not make the instance
 * writable again; the holder of master_lock decides that once the quorum is back.
 */
public final class SelfFencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelfFencer.class);

  private final SelfFenceRule rule;
  private final Supplier<OptionalLong> lastAnswerNanos;
  private final Supplier<Optional<Topology>> topology;
  private final InstanceControl control;
  private final InstanceAddress own;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "self-fencer");
    t.setDaemon(true);
    return t;
  });
  /** The answer after which the instance was fenced; touched on the timer thread only. */
  private OptionalLong fencedAfter = OptionalLong.empty();

  /**
   * @param lastAnswerNanos the {@link System#nanoTime()} at which the last request the store
   *     answered was sent
   */
  public SelfFencer(SelfFenceRule rule, Supplier<OptionalLong> lastAnswerNanos, Supplier<Optional<Topology>> topology,
      InstanceControl control, InstanceAddress own) {
    this.rule = rule;
    this.lastAnswerNanos = lastAnswerNanos;
    this.topology = topology;
    this.control = control;
    this.own = own;
  }

  public void start() {
    log.info("self-fencing of {}: fenced when it is the primary and the coordination store has not answered for {} ms"
        + " (master_lock TTL {} ms minus margin {} ms)", own, rule.fenceAfter().toMillis(), rule.ttl().toMillis(),
        rule.margin().toMillis());
    long period = SelfFenceRule.CHECK_INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      OptionalLong last = lastAnswerNanos.get();
      boolean primary = topology.get().map(t -> t.primary().equals(own)).orElse(false);
      Optional<Duration> since = last.isPresent()
          ? Optional.of(Duration.ofNanos(System.nanoTime() - last.getAsLong())) : Optional.empty();
      if (!rule.mustFence(primary, since, fencedAfter.equals(last))) {
        return;
      }
      int ended = control.fence(own, InstanceControl.STATEMENT_TIMEOUT);
      fencedAfter = last;
      log.warn("fenced own primary {}: no answer from the coordination store for {} ms (limit {} ms); it is read-only"
          + " and {} client sessions were ended", own, since.orElseThrow().toMillis(), rule.fenceAfter().toMillis(), ended);
    } catch (ControlException e) {
      log.error("could not fence own primary {} after losing the quorum; trying again: {}", own, e.getMessage());
    } catch (RuntimeException e) {
      log.error("self-fencing check of {} failed", own, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
