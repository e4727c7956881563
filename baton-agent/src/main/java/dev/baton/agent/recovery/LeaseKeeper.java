package dev.baton.agent.recovery;

import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.LeaderLeases;
import dev.baton.coord.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a cluster's master_lock while this manager's Raft peer leads: whoever holds it is the one
 * manager allowed to change the primary, and stamps what it does with the lease's epoch.
 *
 * <p>The lock is bound to the Raft leadership (see {@link LeaderLeases}). A peer that becomes
 * leader waits the takeover delay, then takes the lock, with a new epoch if another manager held
 * it: after the holder's death the lock moves within an election plus that delay (about a
 * second), not a TTL. The holder confirms its leadership every third of the leadership validity
 * (a heartbeat round, no log write) and trusts the lease until that validity after the send time
 * of the last confirmation, and never past the TTL after its last grant (renewed every TTL/4).
 * The TTL still ends the lease of a holder whose peer keeps leading while this keeper stopped.
 *
 * <p>By the time a caller uses {@link #held()}, the lease may already be gone; steps re-check it
 * before each server touch.
 */
public final class LeaseKeeper implements AutoCloseable {
  /** Long enough that renewals (Raft writes) slowed by a loaded machine do not lose it; see the class comment for when it matters. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  /** How often the keeper looks at its own peer's role (no I/O), so that a new leader starts its takeover delay at once. */
  private static final Duration ROLE_CHECK_INTERVAL = Duration.ofMillis(50);
  /**
   * How soon a manager that does not hold the lock asks again after a read of the holder went
   * unanswered. Answered, it asks once per renewal period; unanswered, at once again: otherwise
   * the primary's agent heard nothing for up to a renewal period after the quorum came back and
   * fenced its primary needlessly (seen after a 2.4 s stall of the whole machine).
   */
  private static final Duration READ_RETRY_INTERVAL = Duration.ofMillis(100);
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final CoordinationStore store;
  private final LeaderLeases leadership;
  private final String name;
  private final String owner;
  private final Duration ttl;
  /** How often the lease is renewed (a Raft write), and how often the other managers read who holds it. */
  private final long renewEveryNanos;
  private final long confirmEveryNanos;
  private final ScheduledExecutorService keeper = daemonTimer("lease-keeper");
  /** Reads of the holder go on a thread of their own: one slowed by an election must not delay a takeover. */
  private final ScheduledExecutorService reader = daemonTimer("lease-holder-reader");
  private final CopyOnWriteArrayList<Runnable> gainedListeners = new CopyOnWriteArrayList<>();
  /** The fields without volatile are touched only by {@link #keeper}. */
  private volatile Lease lease;
  private long leadingTerm;
  private long leadingSinceNanos;
  private long grantedNanos;
  private long confirmedNanos;
  private volatile Optional<Lease> lastSeenHolder = Optional.empty();
  private volatile long validUntilNanos;
  /** The send time of the last answered request; 0 before the first. */
  private final AtomicLong lastAnswerNanos = new AtomicLong();

  public <S extends CoordinationStore & LeaderLeases> LeaseKeeper(S store, String cluster, String owner, Duration ttl) {
    this.store = store;
    this.leadership = store;
    this.name = "clusters/" + cluster + "/master_lock";
    this.owner = owner;
    this.ttl = ttl;
    this.renewEveryNanos = ttl.toNanos() / 4;
    this.confirmEveryNanos = store.leadershipValidity().toNanos() / 3;
  }

  public void start() {
    keeper.scheduleWithFixedDelay(this::keep, 0, ROLE_CHECK_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
    reader.scheduleWithFixedDelay(this::readHolder, 0, READ_RETRY_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code listener} on the keeper's thread each time this manager takes the lock; keep it short. */
  public void onGained(Runnable listener) {
    gainedListeners.add(listener);
  }

  public Optional<Lease> held() {
    Lease l = lease;
    return l != null && System.nanoTime() < validUntilNanos ? Optional.of(l) : Optional.empty();
  }

  /**
   * The lease, waiting up to the leadership validity while this manager holds it but its last
   * confirmation is too old (one slowed by a loaded machine), instead of giving up at once: for
   * operator commands and plan steps.
   */
  public Optional<Lease> heldAwaitingConfirmation() {
    long deadline = System.nanoTime() + leadership.leadershipValidity().toNanos();
    Optional<Lease> held = held();
    while (held.isEmpty() && lease != null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      held = held();
    }
    return held;
  }

  /**
   * The {@link System#nanoTime()} at which the last request the store answered was sent (a
   * confirmation or renewal by the holder, a read of the holder by the others); empty before the
   * first answer. The agent of the primary fences its instance when this grows too old (see
   * SelfFenceRule).
   */
  public OptionalLong lastAnswerNanos() {
    long at = lastAnswerNanos.get();
    return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
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
    try {
      long now = System.nanoTime();
      OptionalLong local = leadership.localLeaderTerm();
      if (local.isEmpty()) {
        stopHolding("this manager's Raft peer does not lead");
        leadingTerm = 0;
        return;
      }
      long term = local.getAsLong();
      if (term != leadingTerm) {
        stopHolding("Raft term " + term + " began");
        leadingTerm = term;
        leadingSinceNanos = now;
      }
      boolean holding = lease != null;
      if (!holding && now - leadingSinceNanos < leadership.takeoverDelay().toNanos()
          || holding && now - confirmedNanos < confirmEveryNanos) {
        return;
      }
      confirm(term, now);
    } catch (CoordinationUnavailableException e) {
      if (lease != null && System.nanoTime() >= validUntilNanos) {
        stopHolding("its leadership could not be confirmed (" + e.getMessage() + ")");
      }
    } catch (RuntimeException e) {
      log.error("keeping {} failed", name, e);
    }
  }

  private void confirm(long term, long sent) {
    OptionalLong confirmed = leadership.confirmLeadership();
    answered(sent);
    if (confirmed.isEmpty() || confirmed.getAsLong() != term) {
      stopHolding("this manager's Raft peer no longer leads in term " + term);
      return;
    }
    confirmedNanos = sent;
    Lease l = lease;
    boolean gaining = l == null;
    if (gaining || sent - grantedNanos >= renewEveryNanos) {
      Optional<Lease> got = gaining ? leadership.acquireAsLeader(name, owner, ttl, term)
          : leadership.renewAsLeader(l, term);
      if (got.isEmpty()) {
        stopHolding("the store refused it in Raft term " + term);
        return;
      }
      grantedNanos = sent;
      l = got.get();
      lastSeenHolder = got;
    }
    validUntilNanos = validUntil(sent);
    lease = l;
    if (gaining) {
      log.info("holding {} with {} (Raft term {})", name, l.epoch(), term);
      gainedListeners.forEach(Runnable::run);
    }
  }

  private long validUntil(long confirmedAt) {
    return Math.min(confirmedAt + leadership.leadershipValidity().toNanos(), grantedNanos + ttl.toNanos());
  }

  /**
   * The other managers learn who holds the lock (for forwarding and routing) every renewal period,
   * and retry sooner while the store does not answer.
   */
  private void readHolder() {
    long last = lastAnswerNanos.get();
    if (lease != null || (last != 0 && System.nanoTime() - last < renewEveryNanos)) {
      return;
    }
    long sent = System.nanoTime();
    try {
      Optional<Lease> current = store.current(name);
      answered(sent);
      if (lease == null) {
        lastSeenHolder = current;
      }
    } catch (CoordinationUnavailableException e) {
      log.debug("could not read who holds {}: {}", name, e.getMessage());
    } catch (RuntimeException e) {
      log.error("reading who holds {} failed", name, e);
    }
  }

  private void answered(long sentNanos) {
    lastAnswerNanos.accumulateAndGet(sentNanos, Math::max);
  }

  private void stopHolding(String why) {
    Lease l = lease;
    if (l != null) {
      log.warn("no longer holding {} ({}): {}", name, l.epoch(), why);
      lease = null;
    }
  }

  private static ScheduledExecutorService daemonTimer(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void close() {
    keeper.shutdownNow();
    reader.shutdownNow();
    Lease l = lease;
    lease = null;
    if (l != null) {
      try {
        store.release(l);
      } catch (RuntimeException e) {
        log.info("could not release {} on close ({}); it passes to the next Raft leader", name, e.getMessage());
      }
    }
  }
}
