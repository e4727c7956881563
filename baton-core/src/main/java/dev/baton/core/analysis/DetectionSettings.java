package dev.baton.core.analysis;

import java.time.Duration;

/**
 * @param confirmations consecutive rounds a failure must be seen in before recovery starts
 * @param reprobeInterval how soon the next round runs while a failure is pending confirmation:
 *     an unreachable primary is probed again at once, not a poll interval later
 */
public record DetectionSettings(int confirmations, Duration reprobeInterval) {
  public static final int DEFAULT_CONFIRMATIONS = 2;
  public static final Duration DEFAULT_REPROBE_INTERVAL = Duration.ofMillis(200);
  public static final DetectionSettings DEFAULTS = new DetectionSettings(DEFAULT_CONFIRMATIONS, DEFAULT_REPROBE_INTERVAL);

  public DetectionSettings {
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be >= 1, got " + confirmations);
    }
    if (reprobeInterval.isNegative() || reprobeInterval.isZero()) {
      throw new IllegalArgumentException("reprobeInterval must be positive, got " + reprobeInterval);
    }
  }
}
