package dev.baton.coord.raft;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
 * flag are touched only by that thread. Proposals block until committed or timed out, so they
 * run on a thread of their own, one batch at a time.
 */
final class LeaseTimers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseTimers.class);

  private final ScheduledExecutorService thread;
  private final ExecutorService proposer;
  private final Consumer<Command.Expire> propose;
  private final AtomicBoolean proposing = new AtomicBoolean();
  /** Touched only by {@link #thread}. */
  private final LeaseDeadlines deadlines = new LeaseDeadlines();
  /** Touched only by {@link #thread}. */
  private boolean leading;

  /** @param propose commits an expiry, or throws when it cannot */
  LeaseTimers(String peerId, Duration checkInterval, Consumer<Command.Expire> propose) {
    this.propose = propose;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baton-lease-timers-" + peerId));
    this.proposer = Executors.newSingleThreadExecutor(r -> daemon(r, "baton-lease-expiry-" + peerId));
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
    if (!leading || proposing.get()) {
      return;
    }
    List<Command.Expire> due = deadlines.due(System.nanoTime());
    if (due.isEmpty()) {
      return;
    }
    proposing.set(true);
    proposer.execute(() -> {
      try {
        due.forEach(this::proposeOne);
      } finally {
        proposing.set(false);
      }
    });
  }

  private void proposeOne(Command.Expire expire) {
    log.info("lease {} ({}) was not renewed within its TTL: proposing its expiry", expire.name(), expire.epoch());
    try {
      propose.accept(expire);
    } catch (RuntimeException e) {
      log.warn("could not commit the expiry of lease {} ({}); proposing it again while leading: {}", expire.name(),
          expire.epoch(), e.getMessage());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    proposer.shutdownNow();
  }
}
