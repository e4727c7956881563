package dev.baton.coord.raft;

import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.time.Duration;
import java.util.Objects;

/**
 * A change to the coordination state, written to the Raft log and applied by every peer in log
 * order. Each command is validated when it is built, so that a malformed one is refused before
 * it reaches the log.
 */
sealed interface Command {

  /** Takes a lease for {@code owner} unless another owner holds it. */
  record Acquire(String name, String owner, Duration ttl) implements Command {
    public Acquire {
      Lease.checkName(name);
      Lease.checkOwner(owner);
      Lease.checkTtl(ttl);
    }
  }

  /** Restarts the lease's timer if {@code owner} still holds it at {@code epoch}. */
  record Renew(String name, String owner, Epoch epoch) implements Command {
    public Renew {
      Lease.checkName(name);
      Lease.checkOwner(owner);
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /** Ends the lease if {@code owner} still holds it at {@code epoch}. */
  record Release(String name, String owner, Epoch epoch) implements Command {
    public Release {
      Lease.checkName(name);
      Lease.checkOwner(owner);
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /**
   * Proposed by the leader when a lease's timer ran out: ends the lease only if it is still the
   * grant the leader timed, that is neither a new holder ({@code epoch}) nor renewed since
   * ({@code grantIndex}, the log index of the last acquire or renew).
   */
  record Expire(String name, Epoch epoch, long grantIndex) implements Command {
    public Expire {
      Lease.checkName(name);
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /** Writes {@code value} if the document is at {@code expectedVersion} (0: absent). */
  record CompareAndSet(String key, long expectedVersion, byte[] value) implements Command {
    public CompareAndSet {
      VersionedDocument.checkKey(key);
      VersionedDocument.checkExpectedVersion(key, expectedVersion);
      VersionedDocument.checkValue(key, value);
    }
  }
}
