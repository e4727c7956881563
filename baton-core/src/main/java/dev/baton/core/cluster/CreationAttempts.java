package dev.baton.core.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * How {@code baton up} answers another program (another cluster, a test, a benchmark) taking a
 * port between the port plan's check and the server's bind: a new plan, avoiding every port lost
 * so far, up to {@link #MAX_ATTEMPTS} creations in all. A port the user asked for by name is never
 * replaced. Pure: the caller runs the attempts.
 *
 * @param made creations tried so far, this one included
 * @param lost ports that were taken from under an earlier attempt; the next plans skip them
 */
public record CreationAttempts(int made, Set<Integer> lost) {
  /** Creations tried before {@code up} gives up on ports that keep being taken. */
  public static final int MAX_ATTEMPTS = 3;

  public CreationAttempts {
    lost = Set.copyOf(lost);
  }

  public static CreationAttempts first() {
    return new CreationAttempts(1, Set.of());
  }

  /** Whether a port may go into the next plan: free now, and not lost to another program before. */
  public IntPredicate usable(IntPredicate isFree) {
    return p -> !lost.contains(p) && isFree.test(p);
  }

  /**
   * The next attempt after this one lost {@code port} on {@code host}.
   *
   * @throws ClusterStateException naming the port and what to do, when the user asked for it or
   *     when no attempt is left
   */
  public CreationAttempts afterPortTaken(String host, int port, RequestedPorts requested) {
    if (requested.optionFor(port).isPresent()) {
      throw new ClusterStateException(requested.takenMessage(host, port));
    }
    if (made >= MAX_ATTEMPTS) {
      throw new ClusterStateException("other programs took ports of the new cluster while it started, " + made
          + " times in a row (the last " + host + ":" + port + "): stop the programs starting at the same time, or run"
          + " 'baton up' again");
    }
    Set<Integer> next = new HashSet<>(lost);
    next.add(port);
    return new CreationAttempts(made + 1, next);
  }
}
