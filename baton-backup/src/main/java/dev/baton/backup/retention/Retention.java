package dev.baton.backup.retention;

import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies retention to one cluster's store: plans with {@link RetentionPlanner}, then removes, logging each removal and why. */
public final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final BackupCatalog catalog;
  private final BinlogArchive archive;

  public Retention(BackupCatalog catalog, BinlogArchive archive) {
    this.catalog = catalog;
    this.archive = archive;
  }

  /** Removes what the plan lists (unless {@code dryRun}) and returns the plan. */
  public List<Deletion> apply(Flavor flavor, Instant now, int retentionWeeks, boolean dryRun)
      throws IOException {
    List<Deletion> plan = RetentionPlanner.plan(flavor, catalog.list(), archive.list(), now, retentionWeeks);
    for (Deletion d : plan) {
      if (dryRun) {
        continue;
      }
      if (d instanceof Deletion.Backup b) {
        catalog.delete(b.id());
      } else if (d instanceof Deletion.Segment s) {
        archive.deleteSegment(s.segment());
      } else if (d instanceof Deletion.Gap g) {
        archive.deleteGap(g.gap());
      } else if (d instanceof Deletion.Orphan o) {
        archive.deleteOrphan(o.key());
      }
      log.info("retention removed {}: {}", d, d.why());
    }
    return plan;
  }
}
