package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections per database instance, across both endpoints, counted from the moment a connect
 * starts: a burst of new clients then spreads instead of piling onto the instance that was
 * least loaded when the burst began. Counts from different event loops may be a moment stale.
 */
final class BackendLoad {
  private final Map<InstanceAddress, Integer> active = new ConcurrentHashMap<>();

  void acquire(InstanceAddress instance) {
    active.merge(instance, 1, Integer::sum);
  }

  void release(InstanceAddress instance) {
    active.computeIfPresent(instance, (i, n) -> n == 1 ? null : n - 1);
  }

  /** A live read-only view; instances without connections are absent. */
  Map<InstanceAddress, Integer> view() {
    return Collections.unmodifiableMap(active);
  }
}
