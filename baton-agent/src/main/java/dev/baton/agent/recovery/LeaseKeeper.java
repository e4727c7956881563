package dev.baton.agent.recovery;

import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.LeaderLeases;
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
 * Holds a cluster's master_lock while this manager's Raft peer leads: whoever holds it is the one
 * manager allowed to change the primary, and stamps what it does with the lease's epoch.
 *
 * <p>The lock is bound to the Raft leadership (see {@link LeaderLeases}). The keeper of the
 * leader confirms its leadership every third of {@link LeaderLeases#leadershipValidity()} (a
 * heartbeat round, no log write) and trusts the lease until that validity after the send time of
 * the last confirmation, and never past the TTL after its last grant. A newly elected leader
 * takes the lock over at once, with a new epoch: after the holder's death the lock moves within an
 * election (under a second), not a TTL. The TTL still ends the lease of a holder whose peer keeps
 * leading while this keeper stopped renewing.
 *
 * <p>By the time a caller uses {@link #held()}, the lease may already be gone; steps re-check it
 * before each server touch.
 */
public final class LeaseKeeper implements AutoCloseable {
  /** Long enough that renewals (Raft writes) slowed by a loaded machine do not lose it; see the class comment for when it matters. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final CoordinationStore store;
  private final LeaderLeases leadership;
  private final String name;
  private final String owner;
  private final Duration ttl;
  /** How often the lease is renewed (a Raft write), and how often the other managers read who holds it. */
  private final long renewEveryNanos;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-keeper");
    t.setDaemon(true);
    return t;
  });
  /** Touched only by {@link #timer}, apart from the volatile reads of {@link #held()}. */
  private volatile Lease lease;
  private long leaseTerm;
  private long grantedNanos;
  private long holderReadNanos;
  private volatile Optional<Lease> lastSeenHolder = Optional.empty();
  private volatile long validUntilNanos;
  private volatile OptionalLong lastAnswerNanos = OptionalLong.empty();

  public <S extends CoordinationStore & LeaderLeases> LeaseKeeper(S store, String cluster, String owner, Duration ttl) {
    this.store = store;
    this.leadership = store;
    this.name = "clusters/" + cluster + "/master_lock";
    this.owner = owner;
    this.ttl = ttl;
    this.renewEveryNanos = ttl.toNanos() / 4;
  }

  /** Confirms three times per leadership validity, so that one slow confirmation does not let the lease lapse. */
  public void start() {
    long period = Math.max(10, leadership.leadershipValidity().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::keep, 0, period, TimeUnit.MILLISECONDS);
  }

  public Optional<Lease> held() {
    Lease l = lease;
    return l != null && System.nanoTime() < validUntilNanos ? Optional.of(l) : Optional.empty();
  }

  /**
   * The {@link System#nanoTime()} at which the last request the store answered was sent (a
   * confirmation or renewal by the holder, a read of the holder by the others); empty before the
   * first answer. The agent of the primary fences its instance when this grows too old (see
   * SelfFenceRule).
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
      if (!leadership.leadsLocally()) {
        stopHolding("this manager's Raft peer does not lead");
        readHolder(sent);
        return;
      }
      OptionalLong term = leadership.confirmLeadership();
      lastAnswerNanos = OptionalLong.of(sent);
      if (term.isEmpty()) {
        stopHolding("this manager's Raft peer no longer leads");
        readHolder(sent);
        return;
      }
      Lease l = lease;
      if (l == null || leaseTerm != term.getAsLong() || sent - grantedNanos >= renewEveryNanos) {
        Optional<Lease> got = l == null || leaseTerm != term.getAsLong()
            ? leadership.acquireAsLeader(name, owner, ttl, term.getAsLong())
            : leadership.renewAsLeader(l, term.getAsLong());
        if (got.isEmpty()) {
          stopHolding("the store refused it in Raft term " + term.getAsLong());
          readHolder(sent);
          return;
        }
        if (l == null || !l.epoch().equals(got.get().epoch())) {
          log.info("holding {} with {} (Raft term {})", name, got.get().epoch(), term.getAsLong());
        }
        lease = got.get();
        leaseTerm = term.getAsLong();
        grantedNanos = sent;
        lastSeenHolder = got;
      }
      validUntilNanos = Math.min(sent + leadership.leadershipValidity().toNanos(), grantedNanos + ttl.toNanos());
    } catch (CoordinationUnavailableException e) {
      if (lease != null && System.nanoTime() >= validUntilNanos) {
        stopHolding("its leadership could not be confirmed (" + e.getMessage() + ")");
      }
    } catch (RuntimeException e) {
      log.error("keeping {} failed", name, e);
    }
  }

  /** The other managers learn who holds the lock (for forwarding and routing) every renewal period. */
  private void readHolder(long sent) {
    if (holderReadNanos != 0 && sent - holderReadNanos < renewEveryNanos) {
      return;
    }
    Optional<Lease> current = store.current(name);
    holderReadNanos = sent;
    lastAnswerNanos = OptionalLong.of(sent);
    lastSeenHolder = current;
  }

  private void stopHolding(String why) {
    Lease l = lease;
    if (l != null) {
      log.warn("no longer holding {} ({}): {}", name, l.epoch(), why);
      lease = null;
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
        log.info("could not release {} on close ({}); it passes to the next Raft leader", name, e.getMessage());
      }
    }
  }
}
