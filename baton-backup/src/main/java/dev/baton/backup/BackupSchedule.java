package dev.baton.backup;

import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.CatalogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the archiver daemon takes backups on its own: a full backup every {@code fullInterval}, and
 * in between an incremental one (a full one when the method has no incrementals) every
 * {@code incrementalInterval}. Pure: the decision is a function of the catalog and the time.
 */
public record BackupSchedule(Duration fullInterval, Duration incrementalInterval) {
  public static final Duration DEFAULT_FULL_INTERVAL = Duration.ofDays(7);
  public static final Duration DEFAULT_INCREMENTAL_INTERVAL = Duration.ofDays(1);
  public static final BackupSchedule DEFAULTS = new BackupSchedule(DEFAULT_FULL_INTERVAL, DEFAULT_INCREMENTAL_INTERVAL);

  public BackupSchedule {
    if (incrementalInterval.isNegative() || incrementalInterval.isZero() || fullInterval.compareTo(incrementalInterval) < 0) {
      throw new IllegalArgumentException("backup schedule needs 0 < incrementalInterval <= fullInterval, got "
          + incrementalInterval + " and " + fullInterval);
    }
  }

  /** The backup due at {@code now}, if any. */
  public Optional<BackupKind> due(List<CatalogEntry> entries, Instant now, boolean incrementals) {
    Optional<Instant> lastFull = entries.stream().filter(CatalogEntry::complete)
        .filter(e -> e.id().kind() == BackupKind.FULL).map(e -> e.id().startedAt()).max(Instant::compareTo);
    Optional<Instant> lastAny = entries.stream().filter(CatalogEntry::complete).map(e -> e.id().startedAt())
        .max(Instant::compareTo);
    if (lastFull.isEmpty() || !lastFull.get().plus(fullInterval).isAfter(now)) {
      return Optional.of(BackupKind.FULL);
    }
    if (!lastAny.orElseThrow().plus(incrementalInterval).isAfter(now)) {
      return Optional.of(incrementals ? BackupKind.INCREMENTAL : BackupKind.FULL);
    }
    return Optional.empty();
  }
}
