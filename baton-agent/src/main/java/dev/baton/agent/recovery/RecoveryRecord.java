package dev.baton.agent.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit record of one detection, failover or switchover: what was seen, what was decided,
 * each step and hook with its outcome. Shown by {@code baton recoveries} and {@code GET /api/recoveries}.
 *
 * @param trigger the analysis that started it, or "operator" with the request
 * @param status running, succeeded, failed, refused or rolled-back
 */
public record RecoveryRecord(
    String id,
    String kind,
    String trigger,
    String oldPrimary,
    String newPrimary,
    long epoch,
    String manager,
    Instant started,
    Optional<Instant> ended,
    String status,
    String summary,
    List<Entry> entries,
    boolean acknowledged) {

  /** One line of the record: a step, a hook or a decision, with its outcome and timing. */
  public record Entry(Instant at, String what, String outcome, long millis) {}

  public RecoveryRecord {
    entries = List.copyOf(entries);
  }

  public RecoveryRecord with(Entry entry) {
    List<Entry> next = new ArrayList<>(entries);
    next.add(entry);
    return new RecoveryRecord(id, kind, trigger, oldPrimary, newPrimary, epoch, manager, started, ended, status,
        summary, next, acknowledged);
  }

  public RecoveryRecord ended(Instant at, String finalStatus, String finalSummary) {
    return new RecoveryRecord(id, kind, trigger, oldPrimary, newPrimary, epoch, manager, started, Optional.of(at),
        finalStatus, finalSummary, entries, acknowledged);
  }

  public RecoveryRecord acknowledge() {
    return new RecoveryRecord(id, kind, trigger, oldPrimary, newPrimary, epoch, manager, started, ended, status,
        summary, entries, true);
  }
}
