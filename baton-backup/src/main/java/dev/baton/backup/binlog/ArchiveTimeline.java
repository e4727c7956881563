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

  /**
   * The archive does not join before piece {@code index}: between {@code archived} and
   * {@code resumedFrom}, transactions are missing (or were lost in a failover).
   *
   * @param lastBefore the last commit archived before the break; empty when the break precedes every piece
   */
  public record Break(int index, GtidState archived, GtidState resumedFrom, Optional<Instant> lastBefore,
      Instant firstAfter, String reason) {}

  /**
   * How a backup connects to the archive: {@code firstNew} is the first piece holding anything the
   * backup lacks, {@code segmentStart} the first piece of its segment (a replay needs the segment's
   * header), and the run joins without a break up to {@code end} (exclusive).
   */
  public record Coverage(int segmentStart, int firstNew, int end, Optional<Break> blockedBy) {}

  private ArchiveTimeline(Flavor flavor, List<BinlogPiece> pieces, List<Break> breaks) {
    this.flavor = flavor;
    this.pieces = List.copyOf(pieces);
    this.breaks = List.copyOf(breaks);
  }

  /** @param pieces in archive order (segment name, then seq), as {@link BinlogArchive#list()} gives them */
  public static ArchiveTimeline of(Flavor flavor, List<BinlogPiece> pieces, List<ArchiveGap> gaps) {
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
        String reason = gaps.stream().filter(g -> g.detectedAt().isAfter(from) && !g.detectedAt().isAfter(p.archivedAt()))
            .map(ArchiveGap::reason).reduce((a, b) -> b).orElse(why.get());
        breaks.add(new Break(i, prev.map(BinlogPiece::after).orElse(GtidState.empty(flavor)), p.before(),
            prev.map(BinlogPiece::lastCommit), p.firstCommit(), reason));
      }
    }
    return new ArchiveTimeline(flavor, pieces, breaks);
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
   * How a backup holding {@code backup} continues in the archive. When the first piece with new
   * transactions does not start within what the backup holds, transactions between the two are
   * missing: the coverage is then empty and {@code blockedBy} says where.
   */
  public Coverage coverage(GtidState backup) {
    int firstNew = 0;
    while (firstNew < pieces.size() && backup.contains(pieces.get(firstNew).after())) {
      firstNew++;
    }
    if (firstNew == pieces.size()) {
      return new Coverage(firstNew, firstNew, firstNew, Optional.empty());
    }
    BinlogPiece p = pieces.get(firstNew);
    if (!backup.contains(p.before())) {
      Break hole = breakAt(firstNew).orElse(new Break(firstNew, backup, p.before(), Optional.empty(), p.firstCommit(),
          "the archive lacks transactions between the backup (" + backup + ") and piece " + p + " (from " + p.before()
              + ")"));
      return new Coverage(firstNew, firstNew, firstNew, Optional.of(hole));
    }
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

  private Optional<Break> breakAt(int index) {
    return breaks.stream().filter(b -> b.index() == index).findFirst();
  }
}
