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

  /**
   * Takes a lease for {@code owner} unless another owner holds it.
   *
   * @param term 0 for a plain lease; otherwise the Raft term in which the proposer's own peer
   *     leads. Such a leader-bound acquire applies only in an entry of that term, and takes over a
   *     leader-bound lease last granted in an earlier term: a peer elected leader cannot share
   *     its term with the leader before it, which stopped trusting the lease when it stopped
   *     leading (see {@code LeaseKeeper} in the agent).
   */
  record Acquire(String name, String owner, Duration ttl, long term) implements Command {
    public Acquire {
      Lease.checkName(name);
      Lease.checkOwner(owner);
      Lease.checkTtl(ttl);
      checkTerm(term);
    }
  }

  /**
   * Restarts the lease's timer if {@code owner} still holds it at {@code epoch}; with a
   * {@code term} other than 0, only in an entry of that term (see {@link Acquire}).
   */
  record Renew(String name, String owner, Epoch epoch, long term) implements Command {
    public Renew {
      Lease.checkName(name);
      Lease.checkOwner(owner);
      Objects.requireNonNull(epoch, "epoch");
      checkTerm(term);
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

  private static void checkTerm(long term) {
    if (term < 0) {
      throw new IllegalArgumentException("Raft term must be 0 (no leader binding) or positive, got " + term);
    }
  }
}
