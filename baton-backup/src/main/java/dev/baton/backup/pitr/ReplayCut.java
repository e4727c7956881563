package dev.baton.backup.pitr;

import dev.baton.backup.binlog.GtidState;
import java.time.Instant;

/** Where the replay of the last binlog stops, found by reading the transactions themselves. */
sealed interface ReplayCut {
  /** Replay everything downloaded. */
  record None() implements ReplayCut {}

  /** Stop before the first transaction committed after {@code time}. */
  record AfterTime(Instant time) implements ReplayCut {}

  /** Stop right after the transaction with which the state, starting from {@code from}, first contains {@code target}. */
  record Reaching(GtidState from, GtidState target) implements ReplayCut {}
}
