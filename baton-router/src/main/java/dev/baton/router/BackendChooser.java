package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the instance for a new connection. Pure, so the balancing rule is tested without sockets. */
final class BackendChooser {
  private BackendChooser() {
  }

  /**
   * The candidate with the fewest active connections. The scan starts at the {@code turn}-th
   * candidate and takes the first of the least loaded, so ties go round: short sequential
   * connections, which see no load anywhere, still spread over every replica.
   *
   * @param active connections per instance; instances not in the map have none
   * @param turn a number that grows with each choice
   */
  static Optional<InstanceAddress> leastConnections(List<InstanceAddress> candidates,
      Map<InstanceAddress, Integer> active, long turn) {
    InstanceAddress best = null;
    int bestCount = Integer.MAX_VALUE;
    int n = candidates.size();
    for (int i = 0; i < n; i++) {
      InstanceAddress candidate = candidates.get((int) Math.floorMod(turn + i, (long) n));
      int count = active.getOrDefault(candidate, 0);
      if (count < bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return Optional.ofNullable(best);
  }
}
