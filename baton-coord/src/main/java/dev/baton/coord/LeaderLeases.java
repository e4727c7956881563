package dev.baton.coord;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Leases bound to the leadership of the managers' own consensus group, so that the lock passes
 * to a new leader soon after it is elected instead of a TTL after the old holder's last renewal.
 *
 * <p>The holder is the leader of a term and trusts the lease only until
 * {@link #leadershipValidity()} after it sent a {@link #confirmLeadership()} that succeeded. A
 * peer elected later waits {@link #takeoverDelay()} from when it first saw itself lead, then takes
 * the lease over with a new epoch ({@link #acquireAsLeader}); an acquire or renewal proposed in a
 * term that has since ended is refused. The rule that keeps two holders from overlapping: no peer
 * is elected until an election timeout after the last heartbeat a majority acknowledged, so a
 * takeover comes at least that timeout plus the delay after the old holder's last confirmation,
 * which is longer than the validity.
 */
public interface LeaderLeases {

  /**
   * The term in which this manager's own peer won the election, as far as it knows, without
   * asking anyone: a cheap pre-check, and the start of the takeover delay.
   */
  OptionalLong localLeaderTerm();

  /**
   * The term in which this manager's own peer leads, confirmed by a majority after this call
   * started; empty when it does not lead.
   *
   * <p>A late answer is still an answer: on a starved machine it lets a new leader take the lease
   * (whose validity then counts from this call's start and may already be over), where giving up
   * at the validity would keep every leader from ever taking it.
   *
   * @throws CoordinationUnavailableException when no answer came within the store's request timeout
   */
  OptionalLong confirmLeadership();

  /** How long after the start of a confirmation that succeeded no other peer can take the lease over. */
  Duration leadershipValidity();

  /** How long a new leader waits, from when it first saw itself lead, before it takes a lease over. */
  Duration takeoverDelay();

  /**
   * Takes lease {@code name} for {@code owner} as the leader of {@code term}: granted when nobody
   * holds it, when {@code owner} does, or when its holder took it as the leader of an earlier term.
   *
   * @return the lease, or empty when refused (another holder, or {@code term} is over)
   */
  Optional<Lease> acquireAsLeader(String name, String owner, Duration ttl, long term);

  /** Restarts the lease's TTL if it still holds and {@code term} is still the current one. */
  Optional<Lease> renewAsLeader(Lease lease, long term);
}
