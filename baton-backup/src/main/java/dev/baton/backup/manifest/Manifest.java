package dev.baton.backup.manifest;

import dev.baton.core.cluster.Flavor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a backup holds and how to restore it, stored as JSON beside its objects. A manifest is
 * written only after every object is stored and every stage of the pipeline exited cleanly.
 *
 * @param format the manifest layout version, {@value #FORMAT} for this one
 * @param parent the backup an incremental one applies to; empty for a full backup
 * @param method the tool that produced the stream
 * @param serverVersion the server's version string, e.g. 10.11.19-MariaDB-log
 * @param source the instance the backup was taken from
 * @param gtidSet the GTID set (MySQL) or position (MariaDB) the backup is consistent with
 * @param lsns the InnoDB LSNs for physical methods that report them
 * @param encryption how the objects are encrypted, {@link Encryption#NONE} when not
 * @param sourceBytes bytes the tool produced, before compression
 */
public record Manifest(
    int format,
    String cluster,
    BackupId id,
    Optional<BackupId> parent,
    BackupMethodName method,
    Flavor flavor,
    String serverVersion,
    String source,
    Instant startedAt,
    Instant finishedAt,
    String gtidSet,
    Optional<LsnRange> lsns,
    Compression compression,
    Encryption encryption,
    long sourceBytes,
    List<StoredObject> objects) {
  public static final int FORMAT = 1;

  public Manifest {
    objects = List.copyOf(objects);
    if ((id.kind() == BackupKind.INCREMENTAL) != parent.isPresent()) {
      throw new IllegalArgumentException("backup " + id + ": an incremental backup needs a parent, a full one has none");
    }
  }

  /** Bytes the backup occupies in the store. */
  public long storedBytes() {
    return objects.stream().mapToLong(StoredObject::size).sum();
  }
}
