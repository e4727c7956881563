package dev.baton.core.analysis;

import java.time.Instant;
import java.util.Optional;

/**
 * A failure that calls for failover, seen in {@code rounds} consecutive probe rounds since
 * {@code since}; {@link #NONE} when the last round saw none.
 */
public record Detection(Optional<Analysis> analysis, int rounds, Optional<Instant> since) {
  public static final Detection NONE = new Detection(Optional.empty(), 0, Optional.empty());

  public boolean pending() {
    return analysis.isPresent();
  }
}
