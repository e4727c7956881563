package dev.baton.backup.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.Fixtures;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveTimelineTest {
  static final Fixtures.History H = new Fixtures.History(Instant.parse("2026-11-26T09:00:00Z"), Duration.ofSeconds(1));

  static GtidState upTo(long n) {
    return new GtidState(Flavor.MYSQL, Fixtures.upTo(n));
  }

  @Test
  void piecesThatJoinHaveNoBreakAndABackupIsCoveredFromItsSegmentStart() {
    ArchiveTimeline t = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10), H.piece("a", 2, 1000, 10, 20),
        H.piece("b", 1, 0, 20, 30)), List.of(), Optional.empty());
    assertThat(t.breaks()).isEmpty();
    assertThat(t.end()).contains(upTo(30));
    assertThat(t.coverages(upTo(15))).containsExactly(new ArchiveTimeline.Coverage(0, 1, 3, Optional.empty()));
    assertThat(t.coverages(upTo(20))).containsExactly(new ArchiveTimeline.Coverage(2, 2, 3, Optional.empty()));
    assertThat(t.coverages(upTo(30))).singleElement().extracting(ArchiveTimeline.Coverage::firstNew).isEqualTo(3);
    assertThat(t.firstReaching(upTo(11))).contains(1);
    assertThat(t.lastStartingBy(H.commit(21))).contains(2);
  }

  @Test
  void aMissingPieceOrAJumpInGtidsIsABreakThatBlocksCoverage() {
    ArchiveTimeline missing = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10),
        H.piece("a", 3, 2000, 20, 30)), List.of(), Optional.empty());
    assertThat(missing.breaks()).singleElement().satisfies(b -> {
      assertThat(b.index()).isEqualTo(1);
      assertThat(b.reason()).contains("missing");
    });
    ArchiveTimeline.Coverage c = missing.coverages(upTo(5)).get(0);
    assertThat(c.end()).isEqualTo(1);
    assertThat(c.blockedBy()).isPresent();

    ArchiveGap gap = new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(25), Fixtures.upTo(10), Fixtures.upTo(20),
        "127.0.0.1:3311", "the source purged required binary logs", Optional.empty());
    ArchiveTimeline jump = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10), H.piece("b", 1, 0, 20, 30)),
        List.of(gap), Optional.empty());
    assertThat(jump.breaks()).singleElement().satisfies(b -> {
      assertThat(b.archived()).isEqualTo(upTo(10));
      assertThat(b.resumedFrom()).isEqualTo(upTo(20));
      assertThat(b.reason()).isEqualTo("the source purged required binary logs", Optional.empty());
    });
    assertThat(jump.coverages(upTo(5))).singleElement().satisfies(x -> assertThat(x.blockedBy()).isPresent());
    assertThat(jump.coverages(upTo(22))).containsExactly(new ArchiveTimeline.Coverage(1, 1, 2, Optional.empty()));
    assertThat(jump.coverages(upTo(15))).singleElement().satisfies(x -> assertThat(x.end())
        .as("transactions 16-20 are nowhere").isEqualTo(1));
  }

  @Test
  void aCheckpointVouchesForTheArchivesEndOnlyWhileTheArchiveEndsWhereItWasTaken() {
    List<BinlogPiece> pieces = List.of(H.piece("a", 1, 0, 0, 10), H.piece("a", 2, 1000, 10, 20));
    ArchiveCheckpoint atEnd = new ArchiveCheckpoint(ArchiveCheckpoint.FORMAT, "c1", H.commit(25), Fixtures.upTo(20),
        "127.0.0.1:3310");
    ArchiveCheckpoint older = new ArchiveCheckpoint(ArchiveCheckpoint.FORMAT, "c1", H.commit(12), Fixtures.upTo(10),
        "127.0.0.1:3310");
    assertThat(ArchiveTimeline.of(Flavor.MYSQL, pieces, List.of(), Optional.of(atEnd)).checkedUntil(2))
        .contains(H.commit(25));
    assertThat(ArchiveTimeline.of(Flavor.MYSQL, pieces, List.of(), Optional.of(older)).checkedUntil(2)).isEmpty();
    assertThat(ArchiveTimeline.of(Flavor.MYSQL, pieces, List.of(), Optional.empty()).checkedUntil(2)).isEmpty();

    ArchiveGap gap = new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(35), Fixtures.upTo(20), Fixtures.upTo(30),
        "127.0.0.1:3311", "purged", Optional.of(H.commit(22)));
    ArchiveTimeline gapped = ArchiveTimeline.of(Flavor.MYSQL, List.of(pieces.get(0), pieces.get(1),
        H.piece("b", 1, 0, 30, 40)), List.of(gap), Optional.of(atEnd));
    assertThat(gapped.checkedUntil(2)).as("the gap record's checkpoint").contains(H.commit(22));
    assertThat(gapped.checkedUntil(3)).as("the archive now ends elsewhere").isEmpty();
    assertThat(gapped.checkedUntil(1)).isEmpty();
  }

  /** The old history holds transaction 30, lost in a failover; the new one goes on from 29 on another source. */
  @Test
  void aBackupOfTheNewHistoryContinuesInItNotInTheOldOne() {
    String other = "4a1e7c12-0000-11e1-9e33-c80aa9429562";
    GtidState lost = upTo(30);
    GtidState kept = upTo(29);
    BinlogPiece old = H.piece("a", 1, 0, 0, 30);
    BinlogPiece first = new BinlogPiece(BinlogPiece.FORMAT, "c1", Flavor.MYSQL, "b", 1, "127.0.0.1:3311",
        "binlog.000001", 0, 100, kept.text(), kept.union(new GtidState(Flavor.MYSQL, other + ":1")).text(), 1,
        H.commit(31), H.commit(31), H.commit(32), old.compression(), old.encryption(), old.object());
    BinlogPiece second = new BinlogPiece(BinlogPiece.FORMAT, "c1", Flavor.MYSQL, "b", 2, "127.0.0.1:3311",
        "binlog.000001", 100, 100, first.gtidsAfter(), kept.union(new GtidState(Flavor.MYSQL, other + ":1-2")).text(), 1,
        H.commit(33), H.commit(33), H.commit(34), old.compression(), old.encryption(), old.object());
    ArchiveTimeline t = ArchiveTimeline.of(Flavor.MYSQL, List.of(old, first, second), List.of(), Optional.empty());
    assertThat(t.breaks()).singleElement().satisfies(b -> assertThat(b.archived()).isEqualTo(lost));
    GtidState newBackup = kept.union(new GtidState(Flavor.MYSQL, other + ":1"));
    assertThat(t.coverages(newBackup)).as("the old run, cut by the break, and the new one")
        .containsExactly(new ArchiveTimeline.Coverage(0, 0, 1, Optional.of(t.breaks().get(0))),
            new ArchiveTimeline.Coverage(1, 2, 3, Optional.empty()));
    assertThat(t.coverages(upTo(29))).extracting(ArchiveTimeline.Coverage::firstNew).containsExactly(0, 1);
  }
}
