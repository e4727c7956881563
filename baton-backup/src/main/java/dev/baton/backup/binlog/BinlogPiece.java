package dev.baton.backup.binlog;

import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.core.cluster.Flavor;
import java.time.Instant;

/**
 * One archived piece of a binlog file, described by the small JSON sidecar stored after its data:
 * a piece without a sidecar was never completely stored and is ignored. A segment is one binlog
 * file as one archiver session streamed it; its pieces are consecutive byte ranges of that file,
 * cut between transactions, so concatenating a segment's pieces in order gives back a binlog
 * file that the binlog tool replays (the first piece holds the file's header events).
 *
 * @param segment the segment's name: session start (UTC, ms) and the server's file name; names sort in archive order
 * @param seq 1-based number of the piece in its segment
 * @param source the primary the piece was streamed from
 * @param serverFile the binlog file's name on that primary
 * @param offset where the piece starts in the segment's file
 * @param length bytes of binlog in the piece (before compression)
 * @param gtidsBefore the archive's GTID state before the piece's first transaction
 * @param gtidsAfter the archive's GTID state after its last one
 * @param firstCommit commit time of the first transaction
 * @param lastCommit commit time of the last transaction
 * @param archivedAt when the piece's data was in the store: {@code archivedAt - firstCommit} is
 *     the longest any of its transactions waited, the archive's recovery point at that moment
 * @param object the stored data object, with the size and SHA-256 of the stored bytes
 */
public record BinlogPiece(
    int format,
    String cluster,
    Flavor flavor,
    String segment,
    int seq,
    String source,
    String serverFile,
    long offset,
    long length,
    String gtidsBefore,
    String gtidsAfter,
    int transactions,
    Instant firstCommit,
    Instant lastCommit,
    Instant archivedAt,
    Compression compression,
    Encryption encryption,
    StoredObject object) {
  public static final int FORMAT = 1;

  public BinlogPiece {
    if (seq < 1 || offset < 0 || length <= 0 || transactions < 1) {
      throw new IllegalArgumentException("piece " + segment + "/" + seq + " must have seq >= 1, offset >= 0, length > 0"
          + " and at least one transaction, got seq " + seq + ", offset " + offset + ", length " + length + ", "
          + transactions + " transactions");
    }
  }

  public GtidState before() {
    return new GtidState(flavor, gtidsBefore);
  }

  public GtidState after() {
    return new GtidState(flavor, gtidsAfter);
  }

  /** Where the next piece of the same segment starts. */
  public long end() {
    return offset + length;
  }

  @Override
  public String toString() {
    return segment + "/" + seq;
  }
}
