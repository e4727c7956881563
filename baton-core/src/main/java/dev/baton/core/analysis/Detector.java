package dev.baton.core.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Confirms failures over consecutive rounds, so that one lost probe never triggers a failover. */
public final class Detector {
  private Detector() {}

  /** The detection after one more round with these findings. */
  public static Detection next(Detection previous, List<Analysis> findings, Instant now) {
    Optional<Analysis> failure = findings.stream().filter(a -> a.code().callsForFailover()).findFirst();
    if (failure.isEmpty()) {
      return Detection.NONE;
    }
    Analysis a = failure.get();
    boolean same = previous.analysis().filter(p -> p.code() == a.code() && p.instance().equals(a.instance())).isPresent();
    return same
        ? new Detection(failure, previous.rounds() + 1, previous.since())
        : new Detection(failure, 1, Optional.of(now));
  }

  public static boolean confirmed(Detection detection, DetectionSettings settings) {
    return detection.pending() && detection.rounds() >= settings.confirmations();
  }
}
