package dev.baton.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.Fixtures;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.store.ObjectKey;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  /** One transaction an hour over 80 days, so that some backups fall out of four weeks' retention. */
  static final Fixtures.History HISTORY = new Fixtures.History(NOW.minus(Duration.ofDays(80)), Duration.ofHours(1));
  static final int TRANSACTIONS = 80 * 24 - 2;

  @Test
  void anExpiredChainGoesWholeWithTheBinlogsOnlyItNeeded() {
    Manifest oldFull = HISTORY.backup(BackupKind.FULL, 100, Optional.empty());
    Manifest oldInc = HISTORY.backup(BackupKind.INCREMENTAL, 200, Optional.of(oldFull.id()));
    Manifest newFull = HISTORY.backup(BackupKind.FULL, TRANSACTIONS - 200, Optional.empty());
    List<BinlogPiece> pieces = List.of(
        HISTORY.piece("s1", 1, 0, 0, 150), HISTORY.piece("s1", 2, 15000, 150, 400),
        HISTORY.piece("s2", 1, 0, 400, TRANSACTIONS - 300), HISTORY.piece("s3", 1, 0, TRANSACTIONS - 300, TRANSACTIONS));
    List<Deletion> plan = RetentionPlanner.plan(Flavor.MYSQL, List.of(Fixtures.complete(oldFull), Fixtures.complete(oldInc),
        Fixtures.complete(newFull)), new BinlogArchive.Listing(pieces, List.of(), Optional.empty(), List.of()), NOW, 4);
    assertThat(plan).filteredOn(d -> d instanceof Deletion.Backup).extracting(d -> ((Deletion.Backup) d).id())
        .containsExactlyInAnyOrder(oldFull.id(), oldInc.id());
    assertThat(plan).filteredOn(d -> d instanceof Deletion.Segment).extracting(d -> ((Deletion.Segment) d).segment())
        .containsExactly("s1", "s2");
  }

  @Test
  void theNewestChainIsKeptHoweverOldAndAYoungIncrementalKeepsItsOldFull() {
    Manifest full = HISTORY.backup(BackupKind.FULL, 10, Optional.empty());
    Manifest inc = HISTORY.backup(BackupKind.INCREMENTAL, TRANSACTIONS - 5, Optional.of(full.id()));
    List<Deletion> plan = RetentionPlanner.plan(Flavor.MYSQL, List.of(Fixtures.complete(full), Fixtures.complete(inc)),
        new BinlogArchive.Listing(List.of(), List.of(), Optional.empty(), List.of()), NOW, 4);
    assertThat(plan).isEmpty();
    Manifest lone = HISTORY.backup(BackupKind.FULL, 10, Optional.empty());
    assertThat(RetentionPlanner.plan(Flavor.MYSQL, List.of(Fixtures.complete(lone)),
        new BinlogArchive.Listing(List.of(), List.of(), Optional.empty(), List.of()), NOW, 4)).isEmpty();
  }

  @Test
  void incompleteBackupsGoAfterADayAndOrphanedPieceDataOnceTheArchiverMovedOn() {
    BackupId stale = new BackupId(NOW.minus(Duration.ofDays(2)), BackupKind.FULL);
    BackupId running = new BackupId(NOW.minus(Duration.ofHours(1)), BackupKind.FULL);
    List<BinlogPiece> pieces = List.of(HISTORY.piece("s1", 1, 0, 0, 5), HISTORY.piece("s2", 1, 0, 5, 9));
    ObjectKey oldOrphan = ObjectKey.of("c1", "binlogs", "s1", "000002.binlog.zst");
    ObjectKey current = ObjectKey.of("c1", "binlogs", "s2", "000002.binlog.zst");
    List<Deletion> plan = RetentionPlanner.plan(Flavor.MYSQL, List.of(new CatalogEntry(stale, false, Optional.empty()),
        new CatalogEntry(running, false, Optional.empty())),
        new BinlogArchive.Listing(pieces, List.of(), Optional.empty(), List.of(oldOrphan, current)), NOW, 4);
    assertThat(plan).containsExactlyInAnyOrder(
        new Deletion.Backup(stale, "incomplete since " + stale.startedAt()),
        new Deletion.Orphan(oldOrphan, "its upload was cut short and the archiver has moved on"));
  }

  /**
   * Random histories: some full backups with incrementals, incomplete ones, an archive cut into
   * random segments and pieces. Whatever the plan, every kept backup still restores to the latest
   * archived transaction, no chain loses a link, recent chains stay, and what goes is expired.
   */
  @Property(tries = 300)
  void neverDeletesWhatAKeptBackupOrItsWindowNeeds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int weeks) {
    Random r = new Random(seed);
    List<CatalogEntry> entries = new ArrayList<>();
    int fulls = 1 + r.nextInt(5);
    for (int f = 0; f < fulls; f++) {
      long at = 1 + r.nextInt(TRANSACTIONS - 10);
      Manifest full = HISTORY.backup(BackupKind.FULL, at, Optional.empty());
      entries.add(Fixtures.complete(full));
      Manifest parent = full;
      for (int i = r.nextInt(4); i > 0 && at < TRANSACTIONS - 1; i--) {
        at = at + 1 + r.nextInt((int) Math.min(200, TRANSACTIONS - 1 - at));
        parent = HISTORY.backup(BackupKind.INCREMENTAL, at, Optional.of(parent.id()));
        entries.add(Fixtures.complete(parent));
      }
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      entries.add(new CatalogEntry(new BackupId(NOW.minus(Duration.ofHours(r.nextInt(24 * 80))), BackupKind.FULL), false,
          Optional.empty()));
    }
    entries = entries.stream().collect(Collectors.toMap(CatalogEntry::id, e -> e, (a, b) -> a)).values().stream()
        .sorted(Comparator.comparing(CatalogEntry::id)).toList();
    List<BinlogPiece> pieces = archive(r);
    List<Deletion> plan = RetentionPlanner.plan(Flavor.MYSQL, entries, new BinlogArchive.Listing(pieces, List.of(),
        Optional.empty(), List.of()), NOW, weeks);

    Set<BackupId> deleted = plan.stream().filter(d -> d instanceof Deletion.Backup).map(d -> ((Deletion.Backup) d).id())
        .collect(Collectors.toSet());
    Set<String> deletedSegments = plan.stream().filter(d -> d instanceof Deletion.Segment)
        .map(d -> ((Deletion.Segment) d).segment()).collect(Collectors.toSet());
    List<Manifest> kept = entries.stream().filter(CatalogEntry::complete).map(e -> e.manifest().orElseThrow())
        .filter(m -> !deleted.contains(m.id())).toList();
    Instant horizon = NOW.minus(Duration.ofDays(7L * weeks));

    assertThat(kept).as("the newest complete backup is kept").isNotEmpty();
    for (Manifest m : kept) {
      m.parent().ifPresent(p -> assertThat(deleted).as("parent of kept %s", m.id()).doesNotContain(p));
    }
    for (CatalogEntry e : entries) {
      if (e.complete() && !e.id().startedAt().isBefore(horizon)) {
        assertThat(deleted).as("%s is within %d weeks", e.id(), weeks).doesNotContain(e.id());
      }
    }
    for (CatalogEntry e : entries) {
      if (deleted.contains(e.id())) {
        assertThat(e.id().startedAt()).as("deleted %s", e.id())
            .isBefore(e.complete() ? horizon : NOW.minus(RetentionPlanner.INCOMPLETE_GRACE));
      }
    }
    List<BinlogPiece> left = pieces.stream().filter(p -> !deletedSegments.contains(p.segment())).toList();
    ArchiveTimeline timeline = ArchiveTimeline.of(Flavor.MYSQL, left, List.of(), Optional.empty());
    for (Manifest m : kept) {
      assertThat(timeline.coverages(new GtidState(Flavor.MYSQL, m.gtidSet())))
          .as("%s reaches the latest transaction", m.id())
          .anySatisfy(c -> assertThat(c.end()).isEqualTo(left.size()));
    }
    Manifest oldestKept = kept.stream().min(Comparator.comparing(Manifest::finishedAt)).orElseThrow();
    for (BinlogPiece p : left) {
      if (p.seq() == pieces.stream().filter(q -> q.segment().equals(p.segment())).mapToInt(BinlogPiece::seq).max().orElseThrow()) {
        assertThat(new GtidState(Flavor.MYSQL, oldestKept.gtidSet()).contains(p.after()))
            .as("segment %s kept though the oldest kept backup holds it", p.segment()).isFalse();
      }
    }
  }

  /** Transactions 1..TRANSACTIONS in segments of 1-4 pieces of 1-120 transactions. */
  static List<BinlogPiece> archive(Random r) {
    List<BinlogPiece> pieces = new ArrayList<>();
    long at = 0;
    int segment = 0;
    while (at < TRANSACTIONS) {
      segment++;
      long offset = 0;
      for (int seq = 1; seq <= 1 + r.nextInt(4) && at < TRANSACTIONS; seq++) {
        long to = Math.min(TRANSACTIONS, at + 1 + r.nextInt(120));
        BinlogPiece p = HISTORY.piece(String.format("s%04d", segment), seq, offset, at, to);
        pieces.add(p);
        offset = p.end();
        at = to;
      }
    }
    return pieces;
  }
}
