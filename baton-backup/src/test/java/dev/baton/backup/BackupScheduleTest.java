package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.CatalogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  static CatalogEntry complete(Duration ago, BackupKind kind) {
    return Fixtures.complete(Fixtures.manifest(kind, NOW.minus(ago), kind == BackupKind.FULL ? Optional.empty()
        : Optional.of(new BackupId(NOW.minus(Duration.ofDays(3)), BackupKind.FULL)), 1));
  }

  @Test
  void aFullWeeklyAndAnIncrementalDailyInBetween() {
    BackupSchedule s = BackupSchedule.DEFAULTS;
    assertThat(s.due(List.of(), NOW, true)).contains(BackupKind.FULL);
    assertThat(s.due(List.of(complete(Duration.ofDays(8), BackupKind.FULL)), NOW, true)).contains(BackupKind.FULL);
    assertThat(s.due(List.of(complete(Duration.ofDays(3), BackupKind.FULL)), NOW, true)).contains(BackupKind.INCREMENTAL);
    assertThat(s.due(List.of(complete(Duration.ofDays(3), BackupKind.FULL)), NOW, false)).contains(BackupKind.FULL);
    assertThat(s.due(List.of(complete(Duration.ofDays(3), BackupKind.FULL), complete(Duration.ofHours(5),
        BackupKind.INCREMENTAL)), NOW, true)).isEmpty();
    assertThat(s.due(List.of(new CatalogEntry(new BackupId(NOW.minus(Duration.ofHours(1)), BackupKind.FULL), false,
        Optional.empty())), NOW, true)).as("an incomplete backup does not count").contains(BackupKind.FULL);
  }
}
