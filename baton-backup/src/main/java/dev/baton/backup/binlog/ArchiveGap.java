package dev.baton.backup.binlog;

import java.time.Instant;
import java.util.Optional;

/**
 * A break the archiver could not avoid: the primary it resumed from no longer had (or never had)
 * the transactions after what was archived, so the archive goes on from {@code resumedFrom}
 * instead. Point-in-time restore never replays across it; a backup taken after it starts a new
 * window. Stored as JSON so that {@code backup info} can say why.
 *
 * @param archived the archive's GTID state when the break was found
 * @param resumedFrom the GTID state the archive continues from
 * @param primary the primary that could not continue the archive
 * @param reason the server's own words
 * @param completeUntil the last time the archiver knew that every transaction committed on the old
 *     history was archived (its last {@link ArchiveCheckpoint} before the break); restores to a
 *     time after it and before the break are refused, as the purged transactions may lie there
 */
public record ArchiveGap(int format, String cluster, Instant detectedAt, String archived, String resumedFrom,
    String primary, String reason, Optional<Instant> completeUntil) {
  public static final int FORMAT = 1;
}
