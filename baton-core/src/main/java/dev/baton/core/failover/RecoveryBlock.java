package dev.baton.core.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Anti-flapping: after an automatic recovery, no other runs on the same cluster until the
 * block period has passed or the operator acknowledges the recovery. A cluster that keeps
 * failing needs a human, not a promotion every few seconds.
 */
public final class RecoveryBlock {
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);

  private RecoveryBlock() {}

  /** When the block ends, or empty when a recovery may run now. */
  public static Optional<Instant> blockedUntil(Optional<Instant> lastUnacknowledgedRecovery, Duration period,
      Instant now) {
    return lastUnacknowledgedRecovery.map(last -> last.plus(period)).filter(until -> until.isAfter(now));
  }
}
