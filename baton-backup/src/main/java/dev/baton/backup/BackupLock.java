package dev.baton.backup;

import java.io.IOException;

/**
 * The seed's backup_lock: at most one backup of a cluster runs at a time, whoever starts it (an
 * operator, the schedule, a script). Locally a file lock in the cluster directory; the
 * coordination store's lease takes its place once clusters span hosts.
 */
public interface BackupLock {
  /** Takes the lock, or refuses with one line naming who holds it; close the result to release it. */
  Held acquire(String holder) throws IOException;

  /** A taken lock. */
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
