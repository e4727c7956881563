package dev.baton.agent.monitor;

import dev.baton.core.topology.LagLimits;
import java.time.Duration;

/**
 * @param pollInterval how often every instance is probed
 * @param probeTimeout connect and read timeout of one probe; at most the poll interval so a
 *     frozen server cannot delay the next round
 * @param reprobeTimeout connect and read timeout of the first probes after an instance failed to
 *     answer: the re-probes that confirm a failure are then not held up by a frozen server for a
 *     whole probe timeout each, while a live one answers well within it
 * @param readFallbackToPrimary route reads to the primary when no replica is healthy
 * @param readLag how far behind a replica may be and still take reads
 */
public record MonitorSettings(Duration pollInterval, Duration probeTimeout, Duration reprobeTimeout,
    boolean readFallbackToPrimary, LagLimits readLag) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REPROBE_TIMEOUT = Duration.ofMillis(300);
  /** Failed probes in a row after which the full probe timeout applies again (a server slow to come back). */
  public static final int SHORT_REPROBES = 5;
  public static final boolean DEFAULT_READ_FALLBACK_TO_PRIMARY = true;
  public static final MonitorSettings DEFAULTS =
      new MonitorSettings(DEFAULT_POLL_INTERVAL, DEFAULT_PROBE_TIMEOUT, DEFAULT_REPROBE_TIMEOUT,
          DEFAULT_READ_FALLBACK_TO_PRIMARY,
          LagLimits.DEFAULTS);

  public MonitorSettings {
    if (pollInterval.toMillis() < 50) {
      throw new IllegalArgumentException("pollInterval must be at least 50 ms, got " + pollInterval);
    }
    if (probeTimeout.compareTo(pollInterval) > 0) {
      throw new IllegalArgumentException("probeTimeout (" + probeTimeout + ") must be <= pollInterval (" + pollInterval + ")");
    }
    if (reprobeTimeout.compareTo(probeTimeout) > 0) {
      throw new IllegalArgumentException("reprobeTimeout (" + reprobeTimeout + ") must be <= probeTimeout (" + probeTimeout
          + ")");
    }
  }
}
