package dev.baton.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.Fixtures;
import dev.baton.backup.binlog.ArchiveCheckpoint;
import dev.baton.backup.binlog.ArchiveGap;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PitrPlannerTest {
  static final Fixtures.History H = new Fixtures.History(Instant.parse("2026-11-26T09:00:00Z"), Duration.ofMinutes(1));
  /** Transactions 1-100 in three segments. */
  static final List<BinlogPiece> PIECES = List.of(H.piece("a", 1, 0, 0, 30), H.piece("a", 2, 3000, 30, 60),
      H.piece("b", 1, 0, 60, 100));
  static final ArchiveTimeline TIMELINE = ArchiveTimeline.of(Flavor.MYSQL, PIECES, List.of(), Optional.empty());
  static final Manifest FULL_10 = H.backup(BackupKind.FULL, 10, Optional.empty());
  static final Manifest FULL_40 = H.backup(BackupKind.FULL, 40, Optional.empty());

  static PitrPlan plan(RestoreTarget target, Manifest... backups) {
    return PitrPlanner.plan(List.of(backups), TIMELINE, target, Optional.empty());
  }

  @Test
  void aTimeTargetUsesTheNewestBackupBeforeItAndTheSegmentsUpToIt() {
    PitrPlan p = plan(new RestoreTarget.ToTime(H.commit(50)), FULL_10, FULL_40);
    assertThat(p.backup()).isEqualTo(FULL_40);
    assertThat(p.pieces()).containsExactly(PIECES.get(0), PIECES.get(1));
    assertThat(p.cut()).isEqualTo(new ReplayCut.AfterTime(H.commit(50)));
    PitrPlan early = plan(new RestoreTarget.ToTime(H.commit(20)), FULL_10, FULL_40);
    assertThat(early.backup()).isEqualTo(FULL_10);
    assertThat(early.pieces()).containsExactly(PIECES.get(0));
  }

  @Test
  void aGtidTargetUsesTheNewestBackupThatLacksItAndStopsWhereItIsReached() {
    GtidState g = new GtidState(Flavor.MYSQL, Fixtures.UUID + ":35");
    PitrPlan p = plan(new RestoreTarget.ToGtid(g), FULL_10, FULL_40);
    assertThat(p.backup()).isEqualTo(FULL_10);
    assertThat(p.pieces()).containsExactly(PIECES.get(0), PIECES.get(1));
    assertThat(p.cut()).isEqualTo(new ReplayCut.Reaching(new GtidState(Flavor.MYSQL, Fixtures.upTo(10)), g));
  }

  @Test
  void theLatestReplaysEverythingAfterTheNewestBackup() {
    PitrPlan p = plan(new RestoreTarget.Latest(), FULL_10, FULL_40);
    assertThat(p.backup()).isEqualTo(FULL_40);
    assertThat(p.pieces()).containsExactlyElementsOf(PIECES);
  }

  @Test
  void targetsOutsideTheWindowAndUnknownBackupsAreRefusedWithOneLine() {
    assertThatThrownBy(() -> plan(new RestoreTarget.ToTime(H.commit(500)), FULL_10))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("after the point-in-time window");
    assertThatThrownBy(() -> plan(new RestoreTarget.ToTime(H.commit(5)), FULL_10))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("before the point-in-time window");
    assertThatThrownBy(() -> plan(new RestoreTarget.ToGtid(new GtidState(Flavor.MYSQL, Fixtures.UUID + ":101")), FULL_10))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("not in the binlog archive");
    assertThatThrownBy(() -> plan(new RestoreTarget.Latest()))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("no complete backup");
    BackupId unknown = BackupId.parse("20200101T000000Z-full");
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), TIMELINE, new RestoreTarget.Latest(), Optional.of(unknown)))
        .isInstanceOf(BackupRefusedException.class).hasMessage("no complete backup " + unknown + ": see 'baton backup list'");
  }

  @Test
  void aTargetAfterTheLastArchivedCommitNeedsACheckpointThatFoundTheArchiveCurrentThen() {
    Instant last = H.commit(100);
    assertThat(plan(new RestoreTarget.ToTime(last), FULL_10).pieces()).containsExactlyElementsOf(PIECES);
    assertThatThrownBy(() -> plan(new RestoreTarget.ToTime(last.plusMillis(1)), FULL_10))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("after the point-in-time window");

    ArchiveTimeline checked = ArchiveTimeline.of(Flavor.MYSQL, PIECES, List.of(), Optional.of(checkpoint(105, 100)));
    assertThat(PitrPlanner.plan(List.of(FULL_10), checked, new RestoreTarget.ToTime(H.commit(104)), Optional.empty())
        .pieces()).containsExactlyElementsOf(PIECES);
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), checked, new RestoreTarget.ToTime(H.commit(106)),
        Optional.empty())).isInstanceOf(BackupRefusedException.class).hasMessageContaining("after the point-in-time window");

    ArchiveTimeline stale = ArchiveTimeline.of(Flavor.MYSQL, PIECES, List.of(), Optional.of(checkpoint(105, 60)));
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), stale, new RestoreTarget.ToTime(H.commit(104)),
        Optional.empty())).as("a checkpoint taken before the archive's end speaks for an older archive")
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("after the point-in-time window");
  }

  @Test
  void aTargetAfterTheArchivesEndAndBeforeTheNextBackupIsHeldByNothing() {
    Manifest full150 = H.backup(BackupKind.FULL, 150, Optional.empty());
    assertThatThrownBy(() -> plan(new RestoreTarget.ToTime(H.commit(120)), FULL_10, full150))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("after the binlog archive ends")
        .hasMessageContaining(H.commit(100).toString());
    assertThat(plan(new RestoreTarget.ToTime(full150.finishedAt()), FULL_10, full150).backup()).isEqualTo(full150);
  }

  @Test
  void aTargetInsideAGapIsRefusedUnlessTheArchiverKnewTheOldHistoryCompleteThen() {
    List<BinlogPiece> gapped = List.of(H.piece("a", 1, 0, 0, 30), H.piece("b", 1, 0, 40, 100));
    ArchiveTimeline unknown = ArchiveTimeline.of(Flavor.MYSQL, gapped, List.of(gap(Optional.empty())), Optional.empty());
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), unknown, new RestoreTarget.ToTime(H.commit(35)),
        Optional.empty())).as("transactions 31-40 were purged unarchived; any may have committed by then")
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("falls in a gap of the binlog archive")
        .hasMessageContaining("known complete up to " + H.commit(30)).hasMessageContaining("purged");
    assertThat(PitrPlanner.plan(List.of(FULL_10), unknown, new RestoreTarget.ToTime(H.commit(30)), Optional.empty())
        .pieces()).containsExactly(gapped.get(0));

    ArchiveTimeline checked = ArchiveTimeline.of(Flavor.MYSQL, gapped, List.of(gap(Optional.of(H.commit(33)))),
        Optional.empty());
    assertThat(PitrPlanner.plan(List.of(FULL_10), checked, new RestoreTarget.ToTime(H.commit(33)), Optional.empty())
        .pieces()).containsExactly(gapped.get(0));
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), checked, new RestoreTarget.ToTime(H.commit(34)),
        Optional.empty())).isInstanceOf(BackupRefusedException.class).hasMessageContaining("known complete up to "
        + H.commit(33));
  }

  static ArchiveGap gap(Optional<Instant> completeUntil) {
    return new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(41), Fixtures.upTo(30), Fixtures.upTo(40), "127.0.0.1:3311",
        "the source purged required binary logs", completeUntil);
  }

  static ArchiveCheckpoint checkpoint(long at, long archived) {
    return new ArchiveCheckpoint(ArchiveCheckpoint.FORMAT, "c1", H.commit(at), Fixtures.upTo(archived), "127.0.0.1:3310");
  }

  @Test
  void aGapBetweenTheBackupAndTheTargetIsRefusedButABackupAfterItWorks() {
    List<BinlogPiece> gapped = List.of(H.piece("a", 1, 0, 0, 30), H.piece("b", 1, 0, 40, 100));
    ArchiveTimeline t = ArchiveTimeline.of(Flavor.MYSQL, gapped, List.of(gap(Optional.empty())), Optional.empty());
    assertThatThrownBy(() -> PitrPlanner.plan(List.of(FULL_10), t, new RestoreTarget.ToTime(H.commit(70)), Optional.empty()))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("gap in the binlog archive")
        .hasMessageContaining("purged");
    assertThat(PitrPlanner.plan(List.of(FULL_10), t, new RestoreTarget.ToTime(H.commit(25)), Optional.empty()).pieces())
        .containsExactly(gapped.get(0));
    assertThat(PitrPlanner.plan(List.of(FULL_10, FULL_40), t, new RestoreTarget.ToTime(H.commit(70)), Optional.empty())
        .backup()).isEqualTo(FULL_40);
  }
}
