package dev.baton.core.topology;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far behind its source a replica may fall and still take reads. Two limits, not one: a
 * replica whose lag hovers around a single limit would enter and leave the read set every poll,
 * and each departure starts a drain of its connections. A replica in the read set stays while
 * its lag is at most {@code excludeAbove}; one outside it comes in only once its lag is below
 * {@code readmitBelow}. An unknown lag counts as too much.
 *
 * @param excludeAbove a replica in the read set leaves it when its lag exceeds this
 * @param readmitBelow a replica outside the read set joins it only when its lag is below this
 */
public record LagLimits(Duration excludeAbove, Duration readmitBelow) {
  /**
   * The seed's NLB checks only reachability; 10 s bounds how stale a read can be without
   * emptying the read set on every write burst.
   */
  public static final Duration DEFAULT_EXCLUDE_ABOVE = Duration.ofSeconds(10);
  /** Half the exclusion limit: a readmitted replica has room to wobble before it is excluded again. */
  public static final Duration DEFAULT_READMIT_BELOW = Duration.ofSeconds(5);
  public static final LagLimits DEFAULTS = new LagLimits(DEFAULT_EXCLUDE_ABOVE, DEFAULT_READMIT_BELOW);

  public LagLimits {
    Objects.requireNonNull(excludeAbove, "excludeAbove");
    Objects.requireNonNull(readmitBelow, "readmitBelow");
    if (readmitBelow.isNegative() || readmitBelow.isZero()) {
      throw new IllegalArgumentException("readmitBelow must be positive, got " + readmitBelow);
    }
    if (readmitBelow.compareTo(excludeAbove) > 0) {
      throw new IllegalArgumentException("readmitBelow (" + readmitBelow + ") must be <= excludeAbove ("
          + excludeAbove + ")");
    }
  }

  /** Whether a replica already taking reads may go on taking them. */
  boolean keeps(Optional<Long> lagSeconds) {
    return lagSeconds.filter(s -> Duration.ofSeconds(s).compareTo(excludeAbove) <= 0).isPresent();
  }

  /** Whether a replica not taking reads may start. */
  boolean admits(Optional<Long> lagSeconds) {
    return lagSeconds.filter(s -> Duration.ofSeconds(s).compareTo(readmitBelow) < 0).isPresent();
  }
}
