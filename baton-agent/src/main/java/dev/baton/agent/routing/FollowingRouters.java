package dev.baton.agent.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routers that long-poll this agent, and the routing version each has put in force. A poll
 * for changes after version V says that its router routes by V: {@link RoutingFollower} applies
 * an answer before it asks again. This lets the write hold wait for the routers themselves, not
 * only for the agents they follow, which learn of it first.
 *
 * <p>Times are {@link System#nanoTime} values passed in.
 */
public final class FollowingRouters {
  /** A router polls again as soon as it has applied an answer; one that has not after this is taken for gone. */
  public static final Duration GONE_AFTER = Duration.ofSeconds(1);
  /** Routers beyond this many (a misbehaving client inventing names) are not tracked, so not waited for. */
  static final int MAX_TRACKED = 1024;

  private record Follower(long applied, boolean polling, long answeredAtNanos) {}

  private final Map<String, Follower> followers = new ConcurrentHashMap<>();

  /** A poll from {@code router} arrived: it routes by version {@code applied}. */
  public void polling(String router, long applied) {
    if (followers.size() < MAX_TRACKED || followers.containsKey(router)) {
      followers.put(router, new Follower(applied, true, 0));
    }
  }

  /**
   * The poll is about to be answered. Called before the answer is sent: the router's next poll
   * may arrive the moment it is, and must not be taken for this one's end.
   */
  public void answering(String router, long nowNanos) {
    followers.computeIfPresent(router, (id, f) -> new Follower(f.applied(), false, nowNanos));
  }

  /**
   * The routers following this agent, and those that do not route by {@code version} or a later
   * one yet, by name; forgets those gone.
   */
  public Standing standing(long version, long nowNanos) {
    followers.values().removeIf(f -> !f.polling() && nowNanos - f.answeredAtNanos() > GONE_AFTER.toNanos());
    List<Map.Entry<String, Follower>> now = followers.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    return new Standing(now.stream().map(Map.Entry::getKey).toList(),
        now.stream().filter(e -> e.getValue().applied() < version).map(Map.Entry::getKey).toList());
  }

  /** See {@link #standing}. */
  public record Standing(List<String> following, List<String> behind) {}
}
