package dev.baton.coord.raft;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of lease expiry. Every peer times the leases it applies, but only the leader
 * proposes {@link Command.Expire} when a timer runs out; a peer that becomes leader first
 * restarts every timer at full TTL, since it cannot know when the old leader last saw a renewal.
 * A lease can therefore outlive its TTL by up to one TTL after a change of leader, never end
 * early. The state machine decides whether the expiry still applies.
 *
 * <p>Callbacks from Raft only enqueue work on one timer thread; the deadlines and the leading
 * flag are touched only by that thread.
 */
final class LeaseTimers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseTimers.class);

  private final ScheduledExecutorService thread;
  private final Function<Command.Expire, CompletableFuture<?>> propose;
  /** Touched only by {@link #thread}. */
  private final LeaseDeadlines deadlines = new LeaseDeadlines();
  /** Touched only by {@link #thread}. */
  private boolean leading;

  LeaseTimers(String peerId, Duration checkInterval, Function<Command.Expire, CompletableFuture<?>> propose) {
    this.propose = propose;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-lease-timers-" + peerId);
      t.setDaemon(true);
      return t;
    });
    long every = checkInterval.toNanos();
    thread.scheduleWithFixedDelay(this::proposeDue, every, every, TimeUnit.NANOSECONDS);
  }

  void granted(HeldLease lease) {
    thread.execute(() -> deadlines.start(lease, System.nanoTime()));
  }

  void ended(String name) {
    thread.execute(() -> deadlines.stop(name));
  }

  /** This peer's state was replaced (a snapshot was loaded): time every held lease afresh. */
  void reset(Collection<HeldLease> held) {
    List<HeldLease> copy = List.copyOf(held);
    thread.execute(() -> deadlines.restartAll(copy, System.nanoTime()));
  }

  /** This peer became the ready leader: restart every timer at full TTL and start proposing. */
  void lead(Collection<HeldLease> held) {
    List<HeldLease> copy = List.copyOf(held);
    thread.execute(() -> {
      deadlines.restartAll(copy, System.nanoTime());
      leading = true;
      log.info("leading: restarted {} lease timer(s) at full TTL", copy.size());
    });
  }

  void follow() {
    thread.execute(() -> leading = false);
  }

  private void proposeDue() {
    if (!leading) {
      return;
    }
    for (Command.Expire expire : deadlines.due(System.nanoTime())) {
      log.info("lease {} ({}) was not renewed within its TTL: proposing its expiry", expire.name(), expire.epoch());
      try {
        propose.apply(expire).whenComplete((r, e) -> {
          if (e != null) {
            log.debug("proposing the expiry of lease {} failed; retrying while leading", expire.name(), e);
          }
        });
      } catch (RuntimeException e) {
        // A scheduled task that throws is never run again: the timers must outlive one failed proposal.
        log.warn("could not propose the expiry of lease {}; retrying while leading", expire.name(), e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
