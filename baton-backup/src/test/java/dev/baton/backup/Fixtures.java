package dev.baton.backup;

import dev.baton.backup.binlog.BinlogPiece;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import dev.baton.backup.manifest.LsnRange;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.core.cluster.Flavor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Manifests and binlog pieces for pure tests: a MySQL history of one source, transactions numbered from 1. */
public final class Fixtures {
  public static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

  private Fixtures() {}

  public static String upTo(long n) {
    return n == 0 ? "" : UUID + ":1-" + n;
  }

  public static Manifest manifest(BackupKind kind, Instant started, Optional<BackupId> parent, long gtidsUpTo) {
    return new Manifest(Manifest.FORMAT, "c1", new BackupId(started, kind), parent, BackupMethodName.MARIADB_BACKUP,
        Flavor.MYSQL, "test", "node2", started, started.plusSeconds(60), upTo(gtidsUpTo),
        Optional.of(new LsnRange(0, 1)), Compression.ZSTD, Encryption.NONE, 1, List.of(new StoredObject("o", 1, "x")));
  }

  public static CatalogEntry complete(Manifest m) {
    return new CatalogEntry(m.id(), true, Optional.of(m));
  }

  /** Transaction {@code n} commits at {@code t0 + n × spacing}. */
  public record History(Instant t0, Duration spacing) {
    public Instant commit(long n) {
      return t0.plus(spacing.multipliedBy(n));
    }

    /** A piece holding transactions {@code from + 1 .. to}, 100 bytes each, archived a second after its last. */
    public BinlogPiece piece(String segment, int seq, long offset, long from, long to) {
      return new BinlogPiece(BinlogPiece.FORMAT, "c1", Flavor.MYSQL, segment, seq, "127.0.0.1:3310", "binlog.000001",
          offset, 100 * (to - from), upTo(from), upTo(to), (int) (to - from), commit(from + 1), commit(to),
          commit(to).plusSeconds(1), Compression.ZSTD, Encryption.NONE,
          new StoredObject(String.format("%06d.binlog.zst", seq), 10, "x"));
    }

    /** A backup holding transactions 1 .. {@code upTo}, started just after the last of them. */
    public Manifest backup(BackupKind kind, long upTo, Optional<BackupId> parent) {
      return manifest(kind, commit(upTo).plusSeconds(1), parent, upTo);
    }
  }
}
