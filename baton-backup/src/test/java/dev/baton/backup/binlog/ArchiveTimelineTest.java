package dev.baton.backup.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.Fixtures;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveTimelineTest {
  static final Fixtures.History H = new Fixtures.History(Instant.parse("2026-11-26T09:00:00Z"), Duration.ofSeconds(1));

  static GtidState upTo(long n) {
    return new GtidState(Flavor.MYSQL, Fixtures.upTo(n));
  }

  @Test
  void piecesThatJoinHaveNoBreakAndABackupIsCoveredFromItsSegmentStart() {
    ArchiveTimeline t = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10), H.piece("a", 2, 1000, 10, 20),
        H.piece("b", 1, 0, 20, 30)), List.of());
    assertThat(t.breaks()).isEmpty();
    assertThat(t.end()).contains(upTo(30));
    assertThat(t.coverage(upTo(15))).isEqualTo(new ArchiveTimeline.Coverage(0, 1, 3, java.util.Optional.empty()));
    assertThat(t.coverage(upTo(20))).isEqualTo(new ArchiveTimeline.Coverage(2, 2, 3, java.util.Optional.empty()));
    assertThat(t.coverage(upTo(30)).firstNew()).isEqualTo(3);
    assertThat(t.firstReaching(upTo(11))).contains(1);
    assertThat(t.lastStartingBy(H.commit(21))).contains(2);
  }

  @Test
  void aMissingPieceOrAJumpInGtidsIsABreakThatBlocksCoverage() {
    ArchiveTimeline missing = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10),
        H.piece("a", 3, 2000, 20, 30)), List.of());
    assertThat(missing.breaks()).singleElement().satisfies(b -> {
      assertThat(b.index()).isEqualTo(1);
      assertThat(b.reason()).contains("missing");
    });
    ArchiveTimeline.Coverage c = missing.coverage(upTo(5));
    assertThat(c.end()).isEqualTo(1);
    assertThat(c.blockedBy()).isPresent();

    ArchiveGap gap = new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(25), Fixtures.upTo(10), Fixtures.upTo(20),
        "127.0.0.1:3311", "the source purged required binary logs");
    ArchiveTimeline jump = ArchiveTimeline.of(Flavor.MYSQL, List.of(H.piece("a", 1, 0, 0, 10), H.piece("b", 1, 0, 20, 30)),
        List.of(gap));
    assertThat(jump.breaks()).singleElement().satisfies(b -> {
      assertThat(b.archived()).isEqualTo(upTo(10));
      assertThat(b.resumedFrom()).isEqualTo(upTo(20));
      assertThat(b.reason()).isEqualTo("the source purged required binary logs");
    });
    assertThat(jump.coverage(upTo(5)).blockedBy()).isPresent();
    assertThat(jump.coverage(upTo(22))).isEqualTo(new ArchiveTimeline.Coverage(1, 1, 2, java.util.Optional.empty()));
    assertThat(jump.coverage(upTo(15)).end()).as("transactions 16-20 are nowhere").isEqualTo(1);
  }
}
