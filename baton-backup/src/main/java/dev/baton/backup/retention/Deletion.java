package dev.baton.backup.retention;

import dev.baton.backup.binlog.ArchiveGap;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.store.ObjectKey;

/** Something retention removes from the store, and why (for the log and the operator). */
public sealed interface Deletion {
  String why();

  /** A whole backup folder: an expired chain's member, or an incomplete backup that stopped long ago. */
  record Backup(BackupId id, String why) implements Deletion {}

  /** A whole binlog segment, every transaction of which the oldest kept backup already holds. */
  record Segment(String segment, String why) implements Deletion {}

  /** A gap record older than every binlog piece kept. */
  record Gap(ArchiveGap gap, String why) implements Deletion {}

  /** A piece's data object whose sidecar was never written, in a segment the archiver has left. */
  record Orphan(ObjectKey key, String why) implements Deletion {}
}
