package dev.baton.backup.binlog;

import dev.baton.core.cluster.Flavor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The archive as one ordered history, and where it breaks: pure, from the pieces' sidecars and the
 * recorded gaps. Consecutive pieces must join — each starts at the GTID state where the one before
 * ended, and within a segment at the byte where it ended — otherwise there is a break, and no
 * restore replays across it.
 */
public final class ArchiveTimeline {
  private final Flavor flavor;
  private final List<BinlogPiece> pieces;
  private final List<Break> breaks;
  private final Optional<Instant> currentAt;

  /**
   * The archive does not join before piece {@code index}: between {@code archived} and
   * {@code resumedFrom}, transactions are missing (or were lost in a failover).
   *
   * @param lastBefore the last commit archived before the break; empty when the break precedes every piece
   * @param completeUntil up to when the history before the break is known to be complete (from the
   *     gap record); empty when only up to {@code lastBefore}
   */
  public record Break(int index, GtidState archived, GtidState resumedFrom, Optional<Instant> lastBefore,
      Instant firstAfter, String reason, Optional<Instant> completeUntil) {}

  /**
   * How a backup connects to the archive: {@code firstNew} is the first piece holding anything the
   * backup lacks, {@code segmentStart} the first piece of its segment (a replay needs the segment's
   * header), and the run joins without a break up to {@code end} (exclusive).
   */
  public record Coverage(int segmentStart, int firstNew, int end, Optional<Break> blockedBy) {}

  private ArchiveTimeline(Flavor flavor, List<BinlogPiece> pieces, List<Break> breaks, Optional<Instant> currentAt) {
    this.flavor = flavor;
    this.pieces = List.copyOf(pieces);
    this.breaks = List.copyOf(breaks);
    this.currentAt = currentAt;
  }

  public static ArchiveTimeline of(Flavor flavor, BinlogArchive.Listing listing) {
    return of(flavor, listing.pieces(), listing.gaps(), listing.checkpoint());
  }

  /**
   * @param pieces in archive order (segment name, then seq), as {@link BinlogArchive#list()} gives them
   * @param checkpoint the archiver's latest; it speaks for the archive only while the archive still ends where it did
   */
  public static ArchiveTimeline of(Flavor flavor, List<BinlogPiece> pieces, List<ArchiveGap> gaps,
      Optional<ArchiveCheckpoint> checkpoint) {
    List<Break> breaks = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      BinlogPiece p = pieces.get(i);
      if (p.flavor() != flavor) {
        throw new IllegalArgumentException("binlog piece " + p + " is " + p.flavor() + ", the cluster is " + flavor);
      }
      Optional<BinlogPiece> prev = i == 0 ? Optional.empty() : Optional.of(pieces.get(i - 1));
      Optional<String> why = joinProblem(prev, p);
      if (why.isPresent()) {
        Instant from = prev.map(BinlogPiece::archivedAt).orElse(Instant.MIN);
        Optional<ArchiveGap> recorded = gaps.stream()
            .filter(g -> g.detectedAt().isAfter(from) && !g.detectedAt().isAfter(p.archivedAt())).reduce((a, b) -> b);
        breaks.add(new Break(i, prev.map(BinlogPiece::after).orElse(GtidState.empty(flavor)), p.before(),
            prev.map(BinlogPiece::lastCommit), p.firstCommit(), recorded.map(ArchiveGap::reason).orElse(why.get()),
            recorded.flatMap(ArchiveGap::completeUntil)));
      }
    }
    Optional<Instant> currentAt = pieces.isEmpty() ? Optional.empty() : checkpoint.filter(c -> {
      GtidState end = pieces.get(pieces.size() - 1).after();
      GtidState archived = new GtidState(flavor, c.archived());
      return end.contains(archived) && archived.contains(end);
    }).map(ArchiveCheckpoint::at);
    return new ArchiveTimeline(flavor, pieces, breaks, currentAt);
  }

  private static Optional<String> joinProblem(Optional<BinlogPiece> prev, BinlogPiece p) {
    boolean sameSegment = prev.isPresent() && prev.get().segment().equals(p.segment());
    if (sameSegment && (p.seq() != prev.get().seq() + 1 || p.offset() != prev.get().end())) {
      return Optional.of("pieces of " + p.segment() + " are missing before " + p);
    }
    if (!sameSegment && (p.seq() != 1 || p.offset() != 0)) {
      return Optional.of("the first pieces of " + p.segment() + " are missing");
    }
    if (prev.isPresent() && !p.before().equals(prev.get().after())) {
      return Optional.of("piece " + p + " starts at " + p.before() + " but the archive before it ends at "
          + prev.get().after());
    }
    return Optional.empty();
  }

  public Flavor flavor() {
    return flavor;
  }

  public List<BinlogPiece> pieces() {
    return pieces;
  }

  public List<Break> breaks() {
    return breaks;
  }

  public boolean isEmpty() {
    return pieces.isEmpty();
  }

  /** The GTID state after the last archived transaction. */
  public Optional<GtidState> end() {
    return pieces.isEmpty() ? Optional.empty() : Optional.of(pieces.get(pieces.size() - 1).after());
  }

  public Optional<Instant> lastCommit() {
    return pieces.isEmpty() ? Optional.empty() : Optional.of(pieces.get(pieces.size() - 1).lastCommit());
  }

  /**
   * Up to when the history that ends right before piece {@code next} is known to hold every
   * transaction committed: the time of the checkpoint the gap record at {@code next} carries, or,
   * at the archive's end, of the archiver's latest checkpoint. Empty when nothing is known beyond
   * the history's last archived commit.
   */
  public Optional<Instant> checkedUntil(int next) {
    return next >= pieces.size() ? currentAt : breakAt(next).flatMap(Break::completeUntil);
  }

  /** The first piece whose end state contains {@code target}; empty when the archive never reaches it. */
  public Optional<Integer> firstReaching(GtidState target) {
    for (int i = 0; i < pieces.size(); i++) {
      if (pieces.get(i).after().contains(target)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The last piece whose first transaction committed at or before {@code t}. */
  public Optional<Integer> lastStartingBy(Instant t) {
    Optional<Integer> found = Optional.empty();
    for (int i = 0; i < pieces.size(); i++) {
      if (!pieces.get(i).firstCommit().isAfter(t)) {
        found = Optional.of(i);
      }
    }
    return found;
  }

  /**
   * Where a backup holding {@code backup} continues in the archive: one coverage per run of joined
   * pieces that starts within what the backup holds and goes beyond it. After a failover that lost
   * archived transactions there can be two — the old history holds the lost ones, the new history
   * does not — and a restore takes the one that reaches its target. When none starts within the
   * backup, transactions between the backup and the archive are missing: the one coverage is then
   * empty and {@code blockedBy} says where. A backup that holds everything archived gets one empty
   * coverage at the end.
   */
  public List<Coverage> coverages(GtidState backup) {
    List<Coverage> found = new ArrayList<>();
    for (int k = 0; k < pieces.size(); k++) {
      BinlogPiece p = pieces.get(k);
      if (backup.contains(p.after())) {
        continue;
      }
      boolean runStartsHere = k == 0 || breakAt(k).isPresent() || backup.contains(pieces.get(k - 1).after());
      if (runStartsHere && backup.contains(p.before())) {
        found.add(run(k));
      }
    }
    if (!found.isEmpty()) {
      return found;
    }
    int k = 0;
    while (k < pieces.size() && backup.contains(pieces.get(k).after())) {
      k++;
    }
    if (k == pieces.size()) {
      return List.of(new Coverage(k, k, k, Optional.empty()));
    }
    BinlogPiece p = pieces.get(k);
    Break hole = breakAt(k).orElse(new Break(k, backup, p.before(), Optional.empty(), p.firstCommit(),
        "the archive lacks transactions between the backup (" + backup + ") and piece " + p + " (from " + p.before()
            + ")", Optional.empty()));
    return List.of(new Coverage(k, k, k, Optional.of(hole)));
  }

  /** The run from piece {@code firstNew} to the next break, from the start of its segment. */
  private Coverage run(int firstNew) {
    BinlogPiece p = pieces.get(firstNew);
    int start = firstNew;
    while (start > 0 && pieces.get(start - 1).segment().equals(p.segment()) && breakAt(start).isEmpty()) {
      start--;
    }
    if (pieces.get(start).seq() != 1) {
      return new Coverage(start, firstNew, firstNew, breakAt(start));
    }
    int end = firstNew + 1;
    while (end < pieces.size() && breakAt(end).isEmpty()) {
      end++;
    }
    return new Coverage(start, firstNew, end, end < pieces.size() ? breakAt(end) : Optional.empty());
  }

  public Optional<Break> breakAt(int index) {
    return breaks.stream().filter(b -> b.index() == index).findFirst();
  }
}
