package dev.baton.coord.etcd;

import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on etcd. A held lease is a key attached to an etcd lease of the same TTL, so etcd's
 * leader expires it on its own monotonic clock (and restarts the timers when its leadership
 * changes). The epoch is a per-name counter key raised in the same transaction that creates the
 * lease key; it is kept after the lease ends, so epochs only grow. etcd counts TTLs in whole
 * seconds and has a minimum (1.5 election timeouts): a TTL is rounded up, and the lease handed
 * out carries the TTL asked for, which the holder may trust.
 */
final class EtcdLeases {
  private static final Logger log = LoggerFactory.getLogger(EtcdLeases.class);
  /** Concurrent acquirers can make a transaction fail; after this many tries the store gives up. */
  static final int MAX_ACQUIRE_ATTEMPTS = 5;

  private final EtcdConnection etcd;

  EtcdLeases(EtcdConnection etcd) {
    this.etcd = etcd;
  }

  Optional<Lease> acquire(String name, String owner, Duration ttl) {
    Lease.checkName(name);
    Lease.checkOwner(owner);
    Lease.checkTtl(ttl);
    String attempted = "acquire lease " + name + " for " + owner;
    for (int attempt = 1; attempt <= MAX_ACQUIRE_ATTEMPTS; attempt++) {
      Optional<KeyValue> held = read(etcd.leaseKey(name), attempted);
      Optional<Holding> holding = held.map(kv -> Holding.decode(name, kv.getValue().getBytes()));
      if (holding.isPresent() && !holding.get().lease().owner().equals(owner)) {
        return Optional.empty();
      }
      long etcdLease = etcd.await(etcd.client.getLeaseClient().grant(seconds(ttl)), attempted).getID();
      Optional<Lease> granted = holding.isPresent()
          ? extend(holding.get(), held.get().getModRevision(), ttl, etcdLease, attempted)
          : take(name, owner, ttl, etcdLease, attempted);
      if (granted.isPresent()) {
        holding.ifPresent(previous -> discard(previous.etcdLeaseId(), attempted));
        return granted;
      }
      discard(etcdLease, attempted);
    }
    throw new CoordinationUnavailableException("could not " + attempted + ": its keys kept changing during "
        + MAX_ACQUIRE_ATTEMPTS + " attempts", null);
  }

  Optional<Lease> renew(Lease lease) {
    String attempted = "renew lease " + lease.name() + " of " + lease.owner() + " at " + lease.epoch();
    Optional<Holding> holding = holding(lease.name(), attempted);
    if (holding.isEmpty() || !holding.get().lease().sameHolding(lease)) {
      return Optional.empty();
    }
    CompletableFuture<Boolean> alive = etcd.client.getLeaseClient().keepAliveOnce(holding.get().etcdLeaseId())
        .handle((r, e) -> e == null ? Boolean.TRUE : rethrowUnlessNotFound(e));
    return etcd.await(alive, attempted) ? Optional.of(holding.get().lease()) : Optional.empty();
  }

  void release(Lease lease) {
    String attempted = "release lease " + lease.name() + " of " + lease.owner() + " at " + lease.epoch();
    holding(lease.name(), attempted)
        .filter(h -> h.lease().sameHolding(lease))
        .ifPresent(h -> revoke(h.etcdLeaseId(), attempted));
  }

  Optional<Lease> current(String name) {
    Lease.checkName(name);
    return holding(name, "read lease " + name).map(Holding::lease);
  }

  /** A new holder: create the lease key and raise the epoch counter, if neither changed since read. */
  private Optional<Lease> take(String name, String owner, Duration ttl, long etcdLease, String attempted) {
    Optional<KeyValue> counter = read(etcd.epochKey(name), attempted);
    Epoch epoch = counter.map(kv -> new Epoch(Long.parseLong(kv.getValue().toString(StandardCharsets.UTF_8))).next())
        .orElse(Epoch.FIRST);
    long counterRevision = counter.map(KeyValue::getModRevision).orElse(0L);
    Holding holding = new Holding(new Lease(name, owner, epoch, ttl), etcdLease);
    TxnResponse txn = etcd.await(etcd.client.getKVClient().txn()
        .If(new Cmp(etcd.leaseKey(name), Cmp.Op.EQUAL, CmpTarget.version(0)),
            new Cmp(etcd.epochKey(name), Cmp.Op.EQUAL, CmpTarget.modRevision(counterRevision)))
        .Then(Op.put(etcd.leaseKey(name), ByteSequence.from(holding.encode()), attachedTo(etcdLease)),
            Op.put(etcd.epochKey(name), ByteSequence.from(Long.toString(epoch.value()), StandardCharsets.UTF_8),
                PutOption.DEFAULT))
        .commit(), attempted);
    return txn.isSucceeded() ? Optional.of(holding.lease()) : Optional.empty();
  }

  /** The same owner again: move its key to the new etcd lease, keeping the epoch. */
  private Optional<Lease> extend(Holding previous, long modRevision, Duration ttl, long etcdLease, String attempted) {
    Lease p = previous.lease();
    Holding holding = new Holding(new Lease(p.name(), p.owner(), p.epoch(), ttl), etcdLease);
    TxnResponse txn = etcd.await(etcd.client.getKVClient().txn()
        .If(new Cmp(etcd.leaseKey(p.name()), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)))
        .Then(Op.put(etcd.leaseKey(p.name()), ByteSequence.from(holding.encode()), attachedTo(etcdLease)))
        .commit(), attempted);
    return txn.isSucceeded() ? Optional.of(holding.lease()) : Optional.empty();
  }

  private Optional<Holding> holding(String name, String attempted) {
    return read(etcd.leaseKey(name), attempted).map(kv -> Holding.decode(name, kv.getValue().getBytes()));
  }

  private Optional<KeyValue> read(ByteSequence key, String attempted) {
    return etcd.await(etcd.client.getKVClient().get(key, GetOption.DEFAULT), attempted).getKvs().stream().findFirst();
  }

  private void revoke(long etcdLease, String attempted) {
    etcd.await(etcd.client.getLeaseClient().revoke(etcdLease)
        .handle((r, e) -> e == null ? Boolean.TRUE : rethrowUnlessNotFound(e)), attempted);
  }

  /**
   * Revokes an etcd lease no key is attached to any more. It would expire on its own: failing to
   * revoke it must not turn a granted lease into an error.
   */
  private void discard(long etcdLease, String attempted) {
    try {
      revoke(etcdLease, attempted);
    } catch (CoordinationUnavailableException e) {
      log.debug("left unused etcd lease {} to expire: {}", Long.toHexString(etcdLease), e.getMessage());
    }
  }

  /** An etcd lease that is already gone (expired or revoked) is an answer, not a failure. */
  private static Boolean rethrowUnlessNotFound(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof EtcdException ee && ee.getErrorCode() == ErrorCode.NOT_FOUND) {
      return Boolean.FALSE;
    }
    throw new CompletionException(cause);
  }

  private static PutOption attachedTo(long etcdLease) {
    return PutOption.builder().withLeaseId(etcdLease).build();
  }

  /** etcd's lease TTL is in whole seconds: round up, so that a lease never ends before its TTL. */
  static long seconds(Duration ttl) {
    return Math.max(1, (ttl.toMillis() + 999) / 1000);
  }
}
