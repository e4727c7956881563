package dev.baton.backup.binlog;

import java.time.Instant;

/**
 * The archiver's evidence that the archive was current: every transaction the primary had
 * committed by {@code at} is in the archive, which then ended at {@code archived}. Without it, the
 * archive knows nothing about the time after its last transaction — a quiet primary and an
 * archiver that stopped look the same — so a restore to such a time would be a guess.
 *
 * @param at when the primary's executed GTIDs were read, before the query was sent
 * @param archived the archive's GTID state once it held all of them
 * @param primary the primary that was read
 */
public record ArchiveCheckpoint(int format, String cluster, Instant at, String archived, String primary) {
  public static final int FORMAT = 1;
}
