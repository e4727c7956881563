package dev.baton.coord.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each lease runs out, on this peer's monotonic clock, counted from the moment the peer
 * applied its last grant. Pure: the time in nanoseconds is always passed in. Not thread-safe.
 */
final class LeaseDeadlines {
  /** How long to wait for a proposed expiry to be applied before proposing it again. */
  static final Duration REPROPOSE_AFTER = Duration.ofSeconds(1);

  private final Map<String, Timer> timers = new HashMap<>();

  /** A grant (acquire or renew) was applied at {@code nowNanos}: the lease runs a full TTL from now. */
  void start(HeldLease lease, long nowNanos) {
    timers.put(lease.lease().name(), new Timer(lease, nowNanos + lease.lease().ttl().toNanos()));
  }

  void stop(String name) {
    timers.remove(name);
  }

  /** Forgets every timer and starts one at full TTL for each lease held: what a new leader does. */
  void restartAll(Collection<HeldLease> held, long nowNanos) {
    timers.clear();
    held.forEach(h -> start(h, nowNanos));
  }

  /**
   * The expiries to propose at {@code nowNanos}: leases past their deadline that were not
   * proposed within {@link #REPROPOSE_AFTER}. Each is marked proposed.
   */
  List<Command.Expire> due(long nowNanos) {
    List<Command.Expire> due = new ArrayList<>();
    for (Timer t : timers.values()) {
      boolean expired = nowNanos - t.deadlineNanos >= 0;
      boolean quiet = !t.proposed || nowNanos - t.proposedAtNanos >= REPROPOSE_AFTER.toNanos();
      if (expired && quiet) {
        t.proposed = true;
        t.proposedAtNanos = nowNanos;
        due.add(new Command.Expire(t.lease.lease().name(), t.lease.lease().epoch(), t.lease.grantIndex()));
      }
    }
    return due;
  }

  private static final class Timer {
    final HeldLease lease;
    final long deadlineNanos;
    boolean proposed;
    long proposedAtNanos;

    Timer(HeldLease lease, long deadlineNanos) {
      this.lease = lease;
      this.deadlineNanos = deadlineNanos;
    }
  }
}
