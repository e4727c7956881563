package dev.baton.backup.pitr;

import dev.baton.backup.binlog.ArchiveTimeline;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.Manifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The times a point-in-time restore can reach: from each complete backup's end up to the last
 * transaction the archive holds without a break after it, or later, up to when the archiver last
 * found that history current. Pure; overlapping windows are merged,
 * so a gap shows as two windows.
 */
public final class PitrWindows {
  private PitrWindows() {}

  public record Window(Instant from, Instant to) {}

  public static List<Window> of(List<Manifest> backups, ArchiveTimeline timeline) {
    List<Window> raw = new ArrayList<>();
    for (Manifest b : backups) {
      raw.add(new Window(b.finishedAt(), b.finishedAt()));
      for (ArchiveTimeline.Coverage c : timeline.coverages(new GtidState(timeline.flavor(), b.gtidSet()))) {
        Instant to = PitrPlanner.knownComplete(timeline, b, c.firstNew(), c.end());
        if (to.isAfter(b.finishedAt())) {
          raw.add(new Window(b.finishedAt(), to));
        }
      }
    }
    raw.sort(Comparator.comparing(Window::from));
    List<Window> merged = new ArrayList<>();
    for (Window w : raw) {
      Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !w.from().isAfter(last.to())) {
        merged.set(merged.size() - 1, new Window(last.from(), w.to().isAfter(last.to()) ? w.to() : last.to()));
      } else {
        merged.add(w);
      }
    }
    return merged;
  }
}
