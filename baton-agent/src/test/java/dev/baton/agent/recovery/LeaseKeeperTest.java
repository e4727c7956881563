package dev.baton.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.LeaderLeases;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The keeper of a manager that does not lead. A stand-in store answers the holder reads: what is
 * tested is when the keeper asks, which a real Raft group cannot be made to refuse on cue.
 */
class LeaseKeeperTest {
  static final Duration TTL = Duration.ofSeconds(5);

  /** A follower's store: no leadership here, and holder reads that fail until told otherwise. */
  static final class FollowerStore implements CoordinationStore, LeaderLeases {
    final AtomicInteger reads = new AtomicInteger();
    volatile int failFirst;

    FollowerStore(int failFirst) {
      this.failFirst = failFirst;
    }

    @Override
    public Optional<Lease> current(String name) {
      if (reads.incrementAndGet() <= failFirst) {
        throw new CoordinationUnavailableException("no quorum (test)", null);
      }
      return Optional.empty();
    }

    @Override
    public OptionalLong localLeaderTerm() {
      return OptionalLong.empty();
    }

    @Override
    public OptionalLong confirmLeadership() {
      return OptionalLong.empty();
    }

    @Override
    public Duration leadershipValidity() {
      return Duration.ofMillis(720);
    }

    @Override
    public Duration takeoverDelay() {
      return Duration.ofMillis(500);
    }

    @Override
    public Optional<Lease> acquireAsLeader(String name, String owner, Duration ttl, long term) {
      throw new AssertionError("a follower never acquires");
    }

    @Override
    public Optional<Lease> renewAsLeader(Lease lease, long term) {
      throw new AssertionError("a follower never renews");
    }

    @Override
    public Optional<Lease> acquire(String name, String owner, Duration ttl) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public Optional<Lease> renew(Lease lease) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public void release(Lease lease) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public Optional<VersionedDocument> get(String key) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public Watch watch(String key, Consumer<VersionedDocument> listener) {
      throw new AssertionError("not used by the keeper");
    }

    @Override
    public void close() {}
  }

  @Test
  void aFollowerWhoseReadsGoUnansweredAsksAgainSoonerThanTheRenewalPeriod() {
    FollowerStore store = new FollowerStore(3);
    try (LeaseKeeper keeper = new LeaseKeeper(store, "c1", "http://127.0.0.1:3000", TTL)) {
      keeper.start();
      // Three refusals, then an answer: at one read per renewal period (1.25 s) that took 3.75 s.
      await().atMost(Duration.ofMillis(2500)).until(() -> keeper.lastAnswerNanos().isPresent());
      assertThat(store.reads.get()).isEqualTo(4);
    }
  }

  @Test
  void anAnsweredFollowerReadsOncePerRenewalPeriod() throws InterruptedException {
    FollowerStore store = new FollowerStore(0);
    try (LeaseKeeper keeper = new LeaseKeeper(store, "c1", "http://127.0.0.1:3000", TTL)) {
      keeper.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> keeper.lastAnswerNanos().isPresent());
      Thread.sleep(600);
      assertThat(store.reads.get()).isEqualTo(1);
    }
  }
}
