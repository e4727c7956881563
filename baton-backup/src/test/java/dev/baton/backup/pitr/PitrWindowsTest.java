package dev.baton.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.Fixtures;
import dev.baton.backup.binlog.ArchiveGap;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.Manifest;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PitrWindowsTest {
  static final Fixtures.History H = new Fixtures.History(Instant.parse("2026-11-26T09:00:00Z"), Duration.ofMinutes(1));

  @Test
  void aGapSplitsTheWindowAndABackupAfterItOpensTheSecond() {
    ArchiveGap gap = new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(41), Fixtures.upTo(30), Fixtures.upTo(40),
        "127.0.0.1:3311", "purged", Optional.empty());
    ArchiveTimeline t = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 30), H.piece("b", 1, 0, 40, 100)),
        List.of(gap), Optional.empty());
    Manifest before = H.backup(BackupKind.FULL, 10, Optional.empty());
    Manifest after = H.backup(BackupKind.FULL, 50, Optional.empty());
    assertThat(PitrWindows.of(List.of(before), t)).containsExactly(
        new PitrWindows.Window(before.finishedAt(), H.commit(30)));
    assertThat(PitrWindows.of(List.of(before, after), t)).containsExactly(
        new PitrWindows.Window(before.finishedAt(), H.commit(30)), new PitrWindows.Window(after.finishedAt(), H.commit(100)));
  }
}
