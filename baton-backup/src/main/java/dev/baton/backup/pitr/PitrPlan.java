package dev.baton.backup.pitr;

import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.manifest.Manifest;
import java.util.List;

/**
 * What a point-in-time restore does: restore {@code backup} (with its chain), then replay the
 * binlog pieces, whole segments in archive order, up to the cut.
 */
record PitrPlan(Manifest backup, List<BinlogPiece> pieces, ReplayCut cut, RestoreTarget target) {
  PitrPlan {
    pieces = List.copyOf(pieces);
  }
}
