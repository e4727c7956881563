package dev.baton.coord;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the managers agree on: leases with a fencing epoch ({@code master_lock},
 * {@code backup_lock}) and versioned documents (the topology), replacing the seed's DynamoDB
 * tables. Implementations: the embedded Raft group (default) and etcd.
 *
 * <p>Every method either answers from a majority-agreed state or throws
 * {@link CoordinationUnavailableException}; none answers from a stale copy. Lease expiry is
 * decided by the store's side on a monotonic clock, never by comparing clocks across machines.
 * By the time a caller sees an answer, a lease it describes may already have been lost: act
 * under a lease only with its epoch, and let the target check it.
 */
public interface CoordinationStore extends AutoCloseable {

  /**
   * Takes the lease {@code name} for {@code owner} unless another owner holds it. A new holder
   * gets an epoch above every earlier one of that name; the current holder acquiring again keeps
   * its epoch and restarts its TTL with the given one.
   *
   * @return the lease, or empty when another owner holds it
   */
  Optional<Lease> acquire(String name, String owner, Duration ttl);

  /**
   * Restarts the lease's TTL if {@code lease} (owner and epoch) still holds it.
   *
   * @return the renewed lease, or empty when it was lost (expired, released, or taken over)
   */
  Optional<Lease> renew(Lease lease);

  /** Ends the lease if {@code lease} still holds it; does nothing otherwise. The epoch is kept. */
  void release(Lease lease);

  /** The lease's holder, or empty when nobody holds it. */
  Optional<Lease> current(String name);

  /** The document at {@code key}, or empty when it was never written. */
  Optional<VersionedDocument> get(String key);

  /**
   * Writes {@code value} if the document is at {@code expectedVersion} (0: absent).
   *
   * @return the new version, or the conflict with the version actually found
   */
  CasResult compareAndSet(String key, long expectedVersion, byte[] value);

  /**
   * Calls {@code listener} with the document as it is when the watch starts (if present) and
   * then with each later version, oldest first, never an older version after a newer one. The
   * calls come from a thread of the store; keep them short.
   */
  Watch watch(String key, Consumer<VersionedDocument> listener);

  @Override
  void close();
}
