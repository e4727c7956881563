package dev.baton.backup.retention;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what retention removes: pure, from the catalog, the binlog archive's listing and the
 * time. Backups go by whole chains (a full backup and every incremental built on it): a chain is
 * kept while any of its members is younger than the retention, and the newest complete chain is
 * always kept, however old. Binlogs are kept from the oldest kept backup on, so that its
 * point-in-time window stays whole: a segment goes only when that backup already holds every
 * transaction in it. Nothing a kept backup or its window needs is ever listed.
 */
public final class RetentionPlanner {
  /** The seed's backup_retention_weeks. */
  public static final int DEFAULT_RETENTION_WEEKS = 4;
  /** An incomplete backup younger than this may still be running, so it stays. */
  public static final Duration INCOMPLETE_GRACE = Duration.ofDays(1);

  private RetentionPlanner() {}

  public static List<Deletion> plan(Flavor flavor, List<CatalogEntry> entries, BinlogArchive.Listing archive,
      Instant now, int retentionWeeks) {
    if (retentionWeeks < 1) {
      throw new IllegalArgumentException("backup_retention_weeks must be >= 1, got " + retentionWeeks);
    }
    Instant horizon = now.minus(Duration.ofDays(7L * retentionWeeks));
    List<Deletion> deletions = new ArrayList<>();
    Map<BackupId, Manifest> complete = new HashMap<>();
    for (CatalogEntry e : entries) {
      if (e.complete()) {
        complete.put(e.id(), e.manifest().orElseThrow());
      } else if (e.id().startedAt().isBefore(now.minus(INCOMPLETE_GRACE))) {
        deletions.add(new Deletion.Backup(e.id(), "incomplete since " + e.id().startedAt()));
      }
    }
    Map<BackupId, List<Manifest>> chains = chains(complete);
    Optional<BackupId> newestChain = chains.keySet().stream().max(Comparator.naturalOrder());
    List<Manifest> kept = new ArrayList<>();
    for (Map.Entry<BackupId, List<Manifest>> chain : chains.entrySet()) {
      Instant newest = chain.getValue().stream().map(m -> m.id().startedAt()).max(Comparator.naturalOrder()).orElseThrow();
      if (newest.isBefore(horizon) && !Optional.of(chain.getKey()).equals(newestChain)) {
        chain.getValue().forEach(m -> deletions.add(new Deletion.Backup(m.id(), "its chain " + chain.getKey()
            + " is older than " + retentionWeeks + " weeks (newest member " + newest + ")")));
      } else {
        kept.addAll(chain.getValue());
      }
    }
    for (Manifest m : complete.values()) {
      if (!kept.contains(m) && deletions.stream().noneMatch(d -> d instanceof Deletion.Backup b && b.id().equals(m.id()))
          && m.id().startedAt().isBefore(horizon)) {
        deletions.add(new Deletion.Backup(m.id(), "its chain is broken (no complete full backup under it) and it is"
            + " older than " + retentionWeeks + " weeks"));
      }
    }
    deletions.addAll(binlogs(flavor, kept, archive));
    return deletions;
  }

  /** Each complete full backup with the complete incrementals built on it, oldest first. */
  private static Map<BackupId, List<Manifest>> chains(Map<BackupId, Manifest> complete) {
    Map<BackupId, List<Manifest>> chains = new LinkedHashMap<>();
    complete.values().stream().sorted(Comparator.comparing(Manifest::id)).forEach(m -> {
      Optional<BackupId> full = root(m, complete);
      full.ifPresent(f -> chains.computeIfAbsent(f, k -> new ArrayList<>()).add(m));
    });
    return chains;
  }

  private static Optional<BackupId> root(Manifest m, Map<BackupId, Manifest> complete) {
    Manifest at = m;
    while (at.id().kind() == BackupKind.INCREMENTAL) {
      Manifest parent = complete.get(at.parent().orElseThrow());
      if (parent == null) {
        return Optional.empty();
      }
      at = parent;
    }
    return Optional.of(at.id());
  }

  private static List<Deletion> binlogs(Flavor flavor, List<Manifest> kept, BinlogArchive.Listing archive) {
    List<Deletion> deletions = new ArrayList<>();
    Optional<Manifest> oldest = kept.stream().min(Comparator.comparing(Manifest::finishedAt));
    Map<String, BinlogPiece> lastOfSegment = new LinkedHashMap<>();
    archive.pieces().forEach(p -> lastOfSegment.put(p.segment(), p));
    List<String> keptSegments = new ArrayList<>(lastOfSegment.keySet());
    if (oldest.isPresent()) {
      GtidState anchor = new GtidState(flavor, oldest.get().gtidSet());
      for (BinlogPiece last : lastOfSegment.values()) {
        if (anchor.contains(last.after())) {
          keptSegments.remove(last.segment());
          deletions.add(new Deletion.Segment(last.segment(), "the oldest kept backup " + oldest.get().id()
              + " holds all of it (up to " + last.after() + ")"));
        }
      }
    }
    Optional<Instant> firstKept = archive.pieces().stream().filter(p -> keptSegments.contains(p.segment()))
        .map(BinlogPiece::archivedAt).min(Comparator.naturalOrder());
    firstKept.ifPresent(first -> archive.gaps().stream().filter(g -> g.detectedAt().isBefore(first))
        .forEach(g -> deletions.add(new Deletion.Gap(g, "older than every binlog piece kept"))));
    Optional<String> newestSegment = lastOfSegment.keySet().stream().max(Comparator.naturalOrder());
    for (ObjectKey orphan : archive.orphans()) {
      String segment = orphan.value().split("/")[2];
      if (newestSegment.isEmpty() || segment.compareTo(newestSegment.get()) < 0) {
        deletions.add(new Deletion.Orphan(orphan, "its upload was cut short and the archiver has moved on"));
      }
    }
    return deletions;
  }
}
