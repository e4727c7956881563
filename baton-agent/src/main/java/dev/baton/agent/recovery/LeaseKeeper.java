package dev.baton.agent.recovery;

import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds (or keeps trying to take) a cluster's master_lock: whoever holds it is the one manager
 * allowed to change the primary, and stamps what it does with the lease's epoch.
 *
 * <p>The lease is trusted only until its TTL after the <em>send</em> time of the request that
 * last granted it, on this process's monotonic clock: the store's own deadline is never earlier,
 * so this manager stops acting before anyone else may start. By the time a caller uses
 * {@link #held()}, the lease may already be gone; steps re-check it before each server touch.
 */
public final class LeaseKeeper implements AutoCloseable {
  /** Long enough that renewals (Raft writes) slowed by a loaded machine do not lose it; a dead holder is replaced after it. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final CoordinationStore store;
  private final String name;
  private final String owner;
  private final Duration ttl;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-keeper");
    t.setDaemon(true);
    return t;
  });
  private volatile Lease lease;
  private volatile Optional<Lease> lastSeenHolder = Optional.empty();
  private volatile long validUntilNanos;
  private volatile OptionalLong lastAnswerNanos = OptionalLong.empty();

  public LeaseKeeper(CoordinationStore store, String cluster, String owner, Duration ttl) {
    this.store = store;
    this.name = "clusters/" + cluster + "/master_lock";
    this.owner = owner;
    this.ttl = ttl;
  }

  /** Renews at a quarter of the TTL, so that two renewals can be lost before the lease is. */
  public void start() {
    long period = Math.max(50, ttl.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::keep, 0, period, TimeUnit.MILLISECONDS);
  }

  public Optional<Lease> held() {
    Lease l = lease;
    return l != null && System.nanoTime() < validUntilNanos ? Optional.of(l) : Optional.empty();
  }

  /**
   * The {@link System#nanoTime()} at which the last request the store answered was sent (a
   * renewal by the holder, a read of the holder by the others); empty before the first answer.
   * The agent of the primary fences its instance when this grows too old (see SelfFenceRule).
   */
  public OptionalLong lastAnswerNanos() {
    return lastAnswerNanos;
  }

  /** Who holds the lock according to the store (for forwarding requests to it). */
  public Optional<Lease> holder() {
    return store.current(name);
  }

  /** The holder as of this keeper's last answer from the store (at most TTL/4 old); no I/O. */
  public Optional<Lease> lastSeenHolder() {
    return lastSeenHolder;
  }

  private void keep() {
    long sent = System.nanoTime();
    try {
      // While another manager holds the lock, only read who does: a read needs no log write (and
      // no fsync on a majority), so the waiting managers do not slow the holder's renewals.
      if (lease == null) {
        Optional<Lease> current = store.current(name);
        lastAnswerNanos = OptionalLong.of(sent);
        lastSeenHolder = current;
        if (current.isPresent()) {
          return;
        }
      }
      Optional<Lease> got = lease == null ? store.acquire(name, owner, ttl) : store.renew(lease);
      lastAnswerNanos = OptionalLong.of(sent);
      lastSeenHolder = got;
      if (got.isPresent()) {
        if (lease == null || !lease.epoch().equals(got.get().epoch())) {
          log.info("holding {} with {}", name, got.get().epoch());
        }
        lease = got.get();
        validUntilNanos = sent + ttl.toNanos();
      } else if (lease != null) {
        log.warn("lost {} ({}); another manager holds it now", name, lease.epoch());
        lease = null;
      }
    } catch (CoordinationUnavailableException e) {
      if (lease != null && System.nanoTime() >= validUntilNanos) {
        log.warn("{} expired: the coordination store is unavailable ({})", name, e.getMessage());
        lease = null;
      }
    } catch (RuntimeException e) {
      log.error("keeping {} failed", name, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    Lease l = lease;
    lease = null;
    if (l != null) {
      try {
        store.release(l);
      } catch (RuntimeException e) {
        log.info("could not release {} on close ({}); it expires after {}", name, e.getMessage(), ttl);
      }
    }
  }
}
