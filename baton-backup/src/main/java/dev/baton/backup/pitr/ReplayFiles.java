package dev.baton.backup.pitr;

import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.binlog.BinlogScanner;
import dev.baton.backup.binlog.BinlogTransaction;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a plan's pieces back into binlog files, one per segment (pieces concatenated in order,
 * each checked against its sidecar), and cuts the replay at the target by truncating the file
 * where the first transaction past the target begins: the stop point is a transaction boundary
 * found by reading the transactions, on either flavor, whatever their timestamps' resolution.
 */
final class ReplayFiles {
  private ReplayFiles() {}

  /** The files to replay, in order; the last one ends at the target. */
  static List<Path> prepare(BinlogArchive archive, Flavor flavor, List<BinlogPiece> pieces, ReplayCut cut, Path dir)
      throws IOException {
    List<Path> files = new ArrayList<>();
    Path file = null;
    long size = 0;
    OutputStream out = null;
    try {
      for (BinlogPiece p : pieces) {
        if (file == null || !file.getFileName().toString().equals(p.segment() + ".binlog")) {
          if (out != null) {
            out.close();
          }
          file = dir.resolve(p.segment() + ".binlog");
          files.add(file);
          out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          size = 0;
        }
        if (p.offset() != size) {
          throw new BackupRefusedException("binlog piece " + p + " starts at byte " + p.offset() + " but the pieces"
              + " before it end at " + size + ": the segment is incomplete");
        }
        archive.download(p, out);
        size += p.length();
      }
    } finally {
      if (out != null) {
        out.close();
      }
    }
    return cut(flavor, files, cut);
  }

  private static List<Path> cut(Flavor flavor, List<Path> files, ReplayCut cut) throws IOException {
    if (cut instanceof ReplayCut.None) {
      return files;
    }
    GtidState state = cut instanceof ReplayCut.Reaching r ? r.from() : GtidState.empty(flavor);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        for (BinlogTransaction t : new BinlogScanner(flavor, f.getFileName().toString()).scan(ch)) {
          if (cut instanceof ReplayCut.AfterTime at && t.committedAt().isAfter(at.time())) {
            ch.truncate(t.start());
            return dropAfter(files, i);
          }
          state = state.union(t.gtid());
          if (cut instanceof ReplayCut.Reaching r && state.contains(r.target())) {
            ch.truncate(t.end());
            return dropAfter(files, i);
          }
        }
      }
    }
    if (cut instanceof ReplayCut.Reaching r) {
      throw new BackupRefusedException("the downloaded binlogs never reach GTID " + r.target() + " (they end at "
          + state + ")");
    }
    return files;
  }

  private static List<Path> dropAfter(List<Path> files, int last) throws IOException {
    for (Path later : files.subList(last + 1, files.size())) {
      Files.delete(later);
    }
    return List.copyOf(files.subList(0, last + 1));
  }
}
