package dev.baton.backup.binlog;

import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.core.cluster.Flavor;
import java.time.Instant;

/** A piece as the session cut it, before it is encoded and stored: see {@link BinlogPiece} for the fields. */
record PieceDraft(String cluster, Flavor flavor, String segment, int seq, String source, String serverFile, long offset,
    long length, GtidState before, GtidState after, int transactions, Instant firstCommit, Instant lastCommit) {
  BinlogPiece stored(Encryption encryption, StoredObject object, Instant archivedAt) {
    return new BinlogPiece(BinlogPiece.FORMAT, cluster, flavor, segment, seq, source, serverFile, offset, length,
        before.text(), after.text(), transactions, firstCommit, lastCommit, archivedAt, Compression.ZSTD, encryption,
        object);
  }

  @Override
  public String toString() {
    return segment + "/" + seq;
  }
}
