package dev.baton.backup.pitr;

import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the backup and the binlog pieces for a point-in-time restore, or refuses with one line:
 * pure, from the manifests and the archive's timeline. The backup is the newest complete one
 * before the target (or the one asked for); the pieces are whole segments from the first piece
 * holding anything the backup lacks to the piece that reaches the target, and they must join
 * without a break.
 */
final class PitrPlanner {
  private PitrPlanner() {}

  /**
   * @param backups the complete backups (full and incremental), any order
   * @param chosen a backup the operator asked for; empty to take the newest that fits
   */
  static PitrPlan plan(List<Manifest> backups, ArchiveTimeline timeline, RestoreTarget target, Optional<BackupId> chosen) {
    List<Manifest> sorted = backups.stream().sorted(Comparator.comparing(Manifest::finishedAt)).toList();
    if (sorted.isEmpty()) {
      throw new BackupRefusedException("no complete backup to restore from: take one with 'baton backup run'");
    }
    chosen.ifPresent(id -> {
      if (sorted.stream().noneMatch(m -> m.id().equals(id))) {
        throw new BackupRefusedException("no complete backup " + id + ": see 'baton backup list'");
      }
    });
    List<Manifest> candidates = chosen.map(id -> sorted.stream().filter(m -> m.id().equals(id)).toList()).orElse(sorted);
    if (target instanceof RestoreTarget.Latest) {
      Manifest b = candidates.get(candidates.size() - 1);
      ArchiveTimeline.Coverage c = covered(timeline, b, timeline.pieces().size(), target);
      return new PitrPlan(b, pieces(timeline, c, timeline.pieces().size()), new ReplayCut.None(), target);
    }
    if (target instanceof RestoreTarget.ToTime t) {
      return toTime(candidates, sorted, timeline, t);
    }
    return toGtid(candidates, timeline, (RestoreTarget.ToGtid) target);
  }

  private static PitrPlan toTime(List<Manifest> candidates, List<Manifest> all, ArchiveTimeline timeline,
      RestoreTarget.ToTime target) {
    Instant t = target.time();
    Instant windowEnd = latest(all.get(all.size() - 1).finishedAt(), timeline.lastCommit(),
        timeline.checkedUntil(timeline.pieces().size()));
    if (t.isAfter(windowEnd)) {
      throw new BackupRefusedException("target time " + t + " is after the point-in-time window, which ends at "
          + windowEnd + " (the last archived transaction, the archiver's last check that it was current, or the last"
          + " backup)");
    }
    List<Manifest> before = candidates.stream().filter(m -> !m.finishedAt().isAfter(t)).toList();
    if (before.isEmpty()) {
      throw new BackupRefusedException("target time " + t + " is before the point-in-time window, which starts at "
          + candidates.get(0).finishedAt() + " when backup " + candidates.get(0).id() + " finished");
    }
    Manifest b = before.get(before.size() - 1);
    int last = timeline.lastStartingBy(t).orElse(-1);
    ArchiveTimeline.Coverage c = covered(timeline, b, last + 1, target);
    List<BinlogPiece> replayed = pieces(timeline, c, last + 1);
    requireComplete(timeline, b, c, replayed, t);
    return new PitrPlan(b, replayed, new ReplayCut.AfterTime(t), target);
  }

  /**
   * Refuses a time the archive cannot vouch for. The replay holds every transaction committed by
   * {@code t} when the piece after it continues the same history (its first commit is after
   * {@code t}); when the history breaks off there instead — a gap, or the archive's end — only
   * when {@code t} is no later than its last commit or a checkpoint that found it current.
   */
  private static void requireComplete(ArchiveTimeline timeline, Manifest b, ArchiveTimeline.Coverage c,
      List<BinlogPiece> replayed, Instant t) {
    GtidState reached = replayed.isEmpty() ? gtids(timeline, b) : replayed.get(replayed.size() - 1).after();
    int next = replayed.isEmpty() ? c.firstNew() : c.segmentStart() + replayed.size();
    if (next < timeline.pieces().size() && reached.contains(timeline.pieces().get(next).before())) {
      return;
    }
    Instant known = knownComplete(timeline, b, c.firstNew(), next);
    if (!t.isAfter(known)) {
      return;
    }
    Optional<ArchiveTimeline.Break> gap = timeline.breakAt(next).or(c::blockedBy);
    if (gap.isEmpty()) {
      throw new BackupRefusedException("target time " + t + " is after the binlog archive ends (" + known + ", "
          + reached + ") and before the next backup finished, so nothing holds it; restore to " + known
          + " or earlier, or to when a later backup finished");
    }
    throw new BackupRefusedException("target time " + t + " falls in a gap of the binlog archive: it is known complete"
        + " up to " + known + " (" + reached + "), then resumes at " + gap.get().firstAfter() + " ("
        + gap.get().resumedFrom() + "): " + gap.get().reason() + "; restore to " + known
        + " or earlier, or from a backup taken after the gap");
  }

  /**
   * Up to when backup {@code b}, replayed through the pieces from {@code firstNew} to {@code next}
   * (exclusive), holds every transaction committed: its own end, the last replayed commit, or the
   * checkpoint that vouches for the history ending before piece {@code next}.
   */
  static Instant knownComplete(ArchiveTimeline timeline, Manifest b, int firstNew, int next) {
    Optional<Instant> lastReplayed = next > firstNew ? Optional.of(timeline.pieces().get(next - 1).lastCommit())
        : Optional.empty();
    return latest(b.finishedAt(), lastReplayed, timeline.checkedUntil(next));
  }

  @SafeVarargs
  private static Instant latest(Instant first, Optional<Instant>... more) {
    Instant max = first;
    for (Optional<Instant> m : more) {
      if (m.isPresent() && m.get().isAfter(max)) {
        max = m.get();
      }
    }
    return max;
  }

  private static PitrPlan toGtid(List<Manifest> candidates, ArchiveTimeline timeline, RestoreTarget.ToGtid target) {
    GtidState wanted = target.gtids();
    int reaching = timeline.firstReaching(wanted).orElseThrow(() -> new BackupRefusedException("GTID " + wanted
        + " is not in the binlog archive, which ends at " + timeline.end().map(GtidState::toString).orElse("(nothing yet)")));
    GtidState reached = timeline.pieces().get(reaching).after();
    List<Manifest> fit = candidates.stream()
        .filter(m -> !gtids(timeline, m).contains(wanted) && reached.contains(gtids(timeline, m))).toList();
    if (fit.isEmpty()) {
      throw new BackupRefusedException("no backup lies before GTID " + wanted + ": every backup"
          + (candidates.size() == 1 ? " asked for" : "") + " already holds it or is on another history");
    }
    Manifest b = fit.get(fit.size() - 1);
    ArchiveTimeline.Coverage c = covered(timeline, b, reaching + 1, target);
    List<BinlogPiece> pieces = pieces(timeline, c, reaching + 1);
    GtidState from = gtids(timeline, b);
    return new PitrPlan(b, pieces, new ReplayCut.Reaching(from, wanted), target);
  }

  /**
   * The run of joined pieces that takes the backup up to piece {@code until} (exclusive), or one
   * from which nothing before {@code until} is needed; refuses when a break lies on the way.
   */
  private static ArchiveTimeline.Coverage covered(ArchiveTimeline timeline, Manifest b, int until, RestoreTarget target) {
    List<ArchiveTimeline.Coverage> all = timeline.coverages(gtids(timeline, b));
    Optional<ArchiveTimeline.Coverage> reaching = all.stream()
        .filter(c -> c.firstNew() >= until || (c.firstNew() < until && until <= c.end())).findFirst();
    if (reaching.isPresent()) {
      return reaching.get();
    }
    ArchiveTimeline.Break gap = all.stream().filter(c -> c.firstNew() < until).reduce((x, y) -> y)
        .flatMap(ArchiveTimeline.Coverage::blockedBy).orElseThrow();
    throw new BackupRefusedException("a gap in the binlog archive lies between backup " + b.id() + " and "
        + target + ": after " + gap.lastBefore().map(Instant::toString).orElse("the backup") + " ("
        + gap.archived() + ") it resumes at " + gap.firstAfter() + " (" + gap.resumedFrom() + "): " + gap.reason()
        + "; restore to a point before it, or from a backup taken after it");
  }

  private static List<BinlogPiece> pieces(ArchiveTimeline timeline, ArchiveTimeline.Coverage c, int until) {
    return c.firstNew() >= until ? List.of() : timeline.pieces().subList(c.segmentStart(), until);
  }

  private static GtidState gtids(ArchiveTimeline timeline, Manifest m) {
    return new GtidState(timeline.flavor(), m.gtidSet());
  }
}
