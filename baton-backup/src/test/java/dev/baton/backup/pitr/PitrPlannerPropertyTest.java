package dev.baton.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.Fixtures;
import dev.baton.backup.binlog.ArchiveCheckpoint;
import dev.baton.backup.binlog.ArchiveGap;
import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A restore to a time must hold every transaction committed by then, or be refused. Each try
 * makes a true history (transactions 1..M, one per ten minutes), a backup, an archive of 1..N
 * (N <= M: the rest not archived yet), maybe with a purge gap, and checkpoints that tell the truth
 * (none vouches for a time at or after a transaction the archive lacks); then it asks the
 * planner for random times and checks every plan it makes against the history.
 */
class PitrPlannerPropertyTest {
  static final Duration SPACING = Duration.ofMinutes(10);
  static final Fixtures.History H = new Fixtures.History(Instant.parse("2026-11-26T09:00:00Z"), SPACING);

  @Property(tries = 100)
  void anAcceptedTimeTargetReplaysEveryTransactionCommittedByIt(@ForAll long seed) {
    Random r = new Random(seed);
    int archived = 8 + r.nextInt(40);
    int total = archived + (r.nextBoolean() ? 0 : 1 + r.nextInt(3));
    int backupAt = 1 + r.nextInt(archived / 2);
    // The backup holds 1..backupAt and finished before backupAt + 1 committed.
    Manifest backup = Fixtures.manifest(BackupKind.FULL, H.commit(backupAt).plusSeconds(1), Optional.empty(), backupAt);
    boolean gapped = r.nextBoolean();
    int gapFrom = gapped ? backupAt + 1 + r.nextInt(archived - backupAt - 2) : archived;
    int gapTo = gapped ? gapFrom + 1 + r.nextInt(archived - gapFrom - 1) : archived;
    List<BinlogPiece> pieces = new ArrayList<>();
    addPieces(pieces, "a", 0, gapFrom, r);
    List<ArchiveGap> gaps = new ArrayList<>();
    if (gapped) {
      addPieces(pieces, "b", gapTo, archived, r);
      Optional<Instant> vouched = r.nextBoolean() ? Optional.empty() : Optional.of(truthful(gapFrom, r));
      gaps.add(new ArchiveGap(ArchiveGap.FORMAT, "c1", H.commit(gapTo).plusSeconds(1), Fixtures.upTo(gapFrom),
          Fixtures.upTo(gapTo), "127.0.0.1:3311", "purged", vouched));
    }
    Optional<ArchiveCheckpoint> checkpoint = r.nextBoolean() ? Optional.empty()
        : Optional.of(new ArchiveCheckpoint(ArchiveCheckpoint.FORMAT, "c1",
            archived < total ? truthful(archived, r) : H.commit(archived).plus(SPACING.multipliedBy(r.nextInt(5))),
            Fixtures.upTo(archived), "127.0.0.1:3310"));
    ArchiveTimeline timeline = ArchiveTimeline.of(Flavor.MYSQL, pieces, gaps, checkpoint);

    for (int i = 0; i < 10; i++) {
      Instant t = H.commit(r.nextInt(total + 3)).plus(Duration.ofSeconds(r.nextInt((int) SPACING.toSeconds())));
      PitrPlan plan;
      try {
        plan = PitrPlanner.plan(List.of(backup), timeline, new RestoreTarget.ToTime(t), Optional.empty());
      } catch (BackupRefusedException e) {
        assertThat(e.getMessage()).doesNotContain("\n");
        boolean simpleCase = !gapped && !t.isBefore(backup.finishedAt()) && !t.isAfter(H.commit(archived));
        assertThat(simpleCase).as("refused %s with an unbroken archive reaching it: %s", t, e.getMessage()).isFalse();
        continue;
      }
      for (int tx = backupAt + 1; tx <= total && !H.commit(tx).isAfter(t); tx++) {
        int wanted = tx;
        assertThat(plan.pieces()).as("transaction %d, committed by %s", wanted, t)
            .anySatisfy(p -> assertThat(holds(p, wanted)).isTrue());
      }
    }
  }

  /** Pieces of 1-4 transactions covering {@code from + 1 .. to}, one segment. */
  static void addPieces(List<BinlogPiece> pieces, String segment, int from, int to, Random r) {
    int seq = 1;
    long offset = 0;
    for (int at = from; at < to; seq++) {
      int next = Math.min(to, at + 1 + r.nextInt(4));
      BinlogPiece p = H.piece(segment, seq, offset, at, next);
      pieces.add(p);
      offset = p.end();
      at = next;
    }
  }

  /** A time at which the archive, ending at {@code last}, held everything: before {@code last + 1} committed. */
  static Instant truthful(int last, Random r) {
    return H.commit(last).plusSeconds(r.nextInt((int) SPACING.toSeconds()));
  }

  /** Whether {@code tx} is in the piece: the fixture's pieces hold {@code UUID:1-from} before and {@code 1-to} after. */
  static boolean holds(BinlogPiece p, int tx) {
    return upTo(p.gtidsBefore()) < tx && tx <= upTo(p.gtidsAfter());
  }

  static long upTo(String gtids) {
    return gtids.isEmpty() ? 0 : Long.parseLong(gtids.substring(gtids.lastIndexOf('-') + 1));
  }
}
