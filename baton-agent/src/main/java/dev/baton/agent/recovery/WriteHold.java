package dev.baton.agent.recovery;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;

/** Waits until the routers hold new write connections away from a primary about to be fenced. */
@FunctionalInterface
public interface WriteHold {
  /** Returns what was seen, for the audit; never fails the switchover (bounded by {@code timeout}). */
  String await(InstanceAddress primary, Duration timeout) throws InterruptedException;
}
