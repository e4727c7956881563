package dev.baton.agent.fencing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the agent on the primary's host must make its own instance refuse writes because it is
 * cut off from the managers' quorum.
 *
 * <p>The timing rule: the agent's requests to the store (a confirmation or renewal of master_lock
 * by the holder, every TTL/4 at most; a read of its holder by the others, every TTL/4) are
 * answered only by a leader that a majority follows. An agent that has had no answer for
 * TTL − margin, counted from the send time of the last request answered, fences its instance.
 * The margin covers the check interval and the fence itself; TTL − margin must span at least two
 * renewal periods, so that one slow or lost request never fences a healthy primary. The fence
 * comes after a majority-side manager may already have taken master_lock over (that follows the
 * Raft leadership, within about a second): what keeps two primaries apart then is the
 * failover's own fence step and semi-sync, whose timeout is longer than TTL − margin.
 *
 * @param ttl the master_lock TTL
 * @param margin how long before the TTL runs out the fence must be done
 */
public record SelfFenceRule(Duration ttl, Duration margin) {
  /** Covers {@link #CHECK_INTERVAL}, a fence on a responsive server (milliseconds) and a loaded machine's delays. */
  public static final Duration DEFAULT_MARGIN = Duration.ofMillis(1500);
  /** How often the agent applies the rule. */
  public static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

  public SelfFenceRule {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(margin, "margin");
    if (margin.compareTo(CHECK_INTERVAL) <= 0) {
      throw new IllegalArgumentException("self-fence margin (" + margin.toMillis() + " ms) must be longer than the check"
          + " interval (" + CHECK_INTERVAL.toMillis() + " ms)");
    }
    if (ttl.minus(margin).compareTo(ttl.dividedBy(2)) < 0) {
      throw new IllegalArgumentException("self-fence margin (" + margin.toMillis() + " ms) must leave at least two"
          + " renewal periods (TTL/2 = " + ttl.dividedBy(2).toMillis() + " ms) of the master_lock TTL ("
          + ttl.toMillis() + " ms) before the fence");
    }
  }

  public static SelfFenceRule of(Duration ttl) {
    return new SelfFenceRule(ttl, DEFAULT_MARGIN);
  }

  /** How long without an answer from the store the agent of the primary waits before it fences. */
  public Duration fenceAfter() {
    return ttl.minus(margin);
  }

  /**
   * Whether to fence now.
   *
   * @param ownInstanceIsPrimary whether the agent's own instance is the primary of the topology it last knew
   * @param sinceLastAnswer time since the send time of the last request the store answered; empty
   *     before the first answer (the instance then still is read-only, as every instance starts)
   * @param fencedSinceLastAnswer whether the agent already fenced its instance after that answer
   */
  public boolean mustFence(boolean ownInstanceIsPrimary, Optional<Duration> sinceLastAnswer,
      boolean fencedSinceLastAnswer) {
    return ownInstanceIsPrimary && !fencedSinceLastAnswer
        && sinceLastAnswer.map(since -> since.compareTo(fenceAfter()) >= 0).orElse(false);
  }
}
