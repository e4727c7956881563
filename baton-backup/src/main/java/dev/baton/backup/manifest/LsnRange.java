package dev.baton.backup.manifest;

/**
 * The InnoDB log sequence numbers a physical backup covers: an incremental backup holds the
 * pages changed after {@code from}, and its child starts at its {@code to}.
 */
public record LsnRange(long from, long to) {
  public LsnRange {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("LSN range must have 0 <= from <= to, got " + from + ".." + to);
    }
  }
}
