package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each database instance carried since the router started, over both endpoints. Entries
 * stay when an instance leaves the routing, so its totals remain visible; a cluster has few.
 */
final class BackendTraffic {
  private final Map<InstanceAddress, Counters> byInstance = new ConcurrentHashMap<>();
  private final int loops;

  BackendTraffic(int loops) {
    this.loops = loops;
  }

  /** One instance's counters, bumped from every event loop without contention. */
  static final class Counters {
    private final LongAdder connections = new LongAdder();
    private final LongAdder failedConnects = new LongAdder();
    private final LoopCounter bytesToServer;
    private final LoopCounter bytesToClient;

    private Counters(int loops) {
      this.bytesToServer = new LoopCounter(loops);
      this.bytesToClient = new LoopCounter(loops);
    }

    void connected() {
      connections.increment();
    }

    void connectFailed() {
      failedConnects.increment();
    }

    void toServer(int loop, int bytes) {
      bytesToServer.add(loop, bytes);
    }

    void toClient(int loop, int bytes) {
      bytesToClient.add(loop, bytes);
    }
  }

  Counters of(InstanceAddress instance) {
    return byInstance.computeIfAbsent(instance, i -> new Counters(loops));
  }

  /** Every instance that was ever chosen or is checked, with its active connections and health. */
  Map<InstanceAddress, BackendStats> snapshot(Map<InstanceAddress, Integer> active, HealthChecks health) {
    Set<InstanceAddress> instances = new HashSet<>(byInstance.keySet());
    instances.addAll(health.checked());
    Map<InstanceAddress, BackendStats> out = new HashMap<>();
    for (InstanceAddress i : instances) {
      Counters c = of(i);
      BackendHealth h = health.state(i);
      out.put(i, new BackendStats(active.getOrDefault(i, 0), c.connections.sum(), c.failedConnects.sum(),
          c.bytesToServer.sum(), c.bytesToClient.sum(), h.label(), h.lastFailure().orElse(null)));
    }
    return out;
  }
}
