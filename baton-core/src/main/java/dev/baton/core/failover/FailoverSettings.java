package dev.baton.core.failover;

import java.time.Duration;

/**
 * @param relayLogTimeout how long a failover waits for the candidate to apply its relay log
 * @param switchoverTimeout how long a switchover waits for the candidate to catch up with the
 *     fenced primary before it gives up and makes the old primary writable again
 * @param rejoinOldPrimary let a failed primary rejoin as a replica when its GTID set is contained
 *     in the new primary's (otherwise it is flagged needs-rebuild)
 * @param recoveryBlock anti-flapping period after an automatic recovery
 * @param deadPrimaryFenceTimeout how long a failover waits for the dead primary to answer its
 *     fence before stopping its process (a switchover's fence waits {@code switchoverTimeout})
 * @param writeHoldTimeout how long a switchover waits for every reachable agent's routing to hold
 *     new write connections before it fences the primary anyway
 */
public record FailoverSettings(Duration relayLogTimeout, Duration switchoverTimeout, boolean rejoinOldPrimary,
    Duration recoveryBlock, Duration deadPrimaryFenceTimeout, Duration writeHoldTimeout) {
  public static final Duration DEFAULT_RELAY_LOG_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SWITCHOVER_TIMEOUT = Duration.ofSeconds(10);
  public static final boolean DEFAULT_REJOIN_OLD_PRIMARY = true;
  public static final Duration DEFAULT_DEAD_PRIMARY_FENCE_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_WRITE_HOLD_TIMEOUT = Duration.ofSeconds(1);
  public static final FailoverSettings DEFAULTS = new FailoverSettings(DEFAULT_RELAY_LOG_TIMEOUT,
      DEFAULT_SWITCHOVER_TIMEOUT, DEFAULT_REJOIN_OLD_PRIMARY, RecoveryBlock.DEFAULT_PERIOD,
      DEFAULT_DEAD_PRIMARY_FENCE_TIMEOUT, DEFAULT_WRITE_HOLD_TIMEOUT);
}
