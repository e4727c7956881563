package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What only the Raft store must show: no false success without a majority, recovery, leader changes. */
class RaftQuorumIT {
  private static final Logger log = LoggerFactory.getLogger(RaftQuorumIT.class);
  private static final Duration LONG_TTL = Duration.ofSeconds(60);
  /** Small, so that the writes below make every peer take snapshots. */
  private static final long SNAPSHOT_THRESHOLD = 16;
  private static final int WRITES = 40;
  /** What a failed operation may take beyond the request timeout on a loaded machine. */
  private static final Duration FAILURE_SLACK = Duration.ofSeconds(1);
  private static final Duration RECOVERY_WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  private RaftTestGroup group;

  @AfterEach
  void stopGroup() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  void withoutAMajorityEveryOperationFailsAndTheGroupRecoversItsStateFromSnapshotsAndLogs() throws IOException {
    group = RaftTestGroup.start(dir, 3, s -> new RaftSettings(s.group(), s.peers(), s.electionTimeoutMin(),
        s.electionTimeoutMax(), s.requestTimeout(), SNAPSHOT_THRESHOLD, s.expiryCheckInterval()));
    RaftCoordinationStore store = group.storeOn("n1");
    Lease first = store.acquire("master_lock", "agent-1", LONG_TTL).orElseThrow();
    store.release(first);
    Lease held = store.acquire("master_lock", "agent-2", LONG_TTL).orElseThrow();
    for (int v = 0; v < WRITES; v++) {
      RaftTestGroup.write(store, "topology", v, text("v" + (v + 1)), RECOVERY_WAIT);
    }
    group.stop("n2");
    group.stop("n3");

    Duration bound = group.settings().requestTimeout().plus(FAILURE_SLACK);
    assertAllUnavailableWithin(bound, List.of(
        () -> store.compareAndSet("topology", WRITES, text("without a majority")),
        () -> store.get("topology"),
        () -> store.acquire("backup_lock", "agent-1", LONG_TTL),
        () -> store.current("master_lock"),
        () -> store.renew(held)));

    group.stop("n1");
    for (String id : group.ids()) {
      assertThat(snapshots(id)).as("snapshots of %s", id).isNotEmpty();
      group.start(id);
    }
    // The same store works again: a client outlives the outage.
    VersionedDocument topology = await("the restarted group").atMost(RECOVERY_WAIT).ignoreExceptions()
        .until(() -> store.get("topology"), Optional::isPresent).orElseThrow();
    RaftCoordinationStore after = group.storeOn("n3");
    // The failed write may still commit once its entry reaches a majority: failing never meant "not done".
    assertThat(topology.version()).isBetween((long) WRITES, WRITES + 1L);
    assertThat(after.current("master_lock")).contains(held);
    after.release(held);
    Lease next = after.acquire("master_lock", "agent-3", LONG_TTL).orElseThrow();
    assertThat(next.epoch().isAfter(held.epoch())).as("%s after %s", next.epoch(), held.epoch()).isTrue();
  }

  @Test
  void aLeaderChangeNeitherLosesARenewedLeaseNorEndsAnUnrenewedOneBeforeItsTtlFromTheChange() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    String leader = group.awaitLeader();
    RaftCoordinationStore store = group.storeOn(group.aFollower());
    Duration ttl = Duration.ofSeconds(3);
    Lease renewed = store.acquire("master_lock", "agent-1", ttl).orElseThrow();
    long leftSent = System.nanoTime();
    Lease left = store.acquire("backup_lock", "agent-1", ttl).orElseThrow();
    sleep(ttl.dividedBy(2).minus(Duration.ofNanos(System.nanoTime() - leftSent)));

    long killed = System.nanoTime();
    assertThat(Duration.ofNanos(killed - leftSent)).as("backup_lock is still held when the leader stops")
        .isLessThan(ttl.minus(Duration.ofMillis(500)));
    CompletableFuture<Void> stopped = group.stopInBackground(leader);
    // A new leader that timed leases from before the change would end backup_lock a TTL after its
    // acquisition; restarted timers keep it a full TTL from the change.
    long holdUntil = killed + ttl.toNanos() - Duration.ofMillis(300).toNanos();
    while (System.nanoTime() < holdUntil) {
      assertThat(store.renew(renewed)).as("renewal across the leader change").contains(renewed);
      assertThat(store.current("backup_lock")).as("the unrenewed lease %d ms after the leader was stopped",
          (System.nanoTime() - killed) / 1_000_000).contains(left);
      sleep(ttl.dividedBy(8));
    }
    stopped.join();
    await("expiry of backup_lock under the new leader").atMost(ttl.plus(Duration.ofSeconds(4)))
        .pollInterval(Duration.ofMillis(50)).until(() -> store.current("backup_lock").isEmpty());
    assertThat(store.renew(renewed)).contains(renewed);
  }

  @Test
  void aNewLeaderTakesALeaderBoundLeaseOverWithoutWaitingForItsTtl() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    String leader = group.awaitLeader();
    RaftCoordinationStore onLeader = group.storeOn(leader);
    long term = await("the leader's confirmation").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(onLeader::confirmLeadership, OptionalLong::isPresent).getAsLong();
    Lease first = onLeader.acquireAsLeader("master_lock", leader, LONG_TTL, term).orElseThrow();
    String follower = group.aFollower();
    assertThat(group.storeOn(follower).confirmLeadership()).as("a follower's confirmation").isEmpty();
    assertThat(group.storeOn(follower).acquireAsLeader("master_lock", follower, LONG_TTL, term))
        .as("another owner in the holder's term").isEmpty();

    group.stop(leader);
    String next = group.awaitLeader();
    RaftCoordinationStore onNext = group.storeOn(next);
    long nextTerm = await("the new leader's confirmation").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(onNext::confirmLeadership, OptionalLong::isPresent).getAsLong();
    Lease second = onNext.acquireAsLeader("master_lock", next, LONG_TTL, nextTerm).orElseThrow();

    assertThat(nextTerm).isGreaterThan(term);
    assertThat(second.epoch().isAfter(first.epoch())).as("%s after %s", second.epoch(), first.epoch()).isTrue();
    assertThat(onNext.renewAsLeader(first, term)).as("the old holder's renewal in its ended term").isEmpty();
    assertThat(onNext.current("master_lock")).contains(second);
  }

  @Test
  void aNewLeaderIsReadyWithinAboutASecondOfTheLeadersDeath() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    RaftCoordinationStore store = group.storeOn("n1");
    List<Long> millis = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      String leader = group.awaitLeader();
      long killed = System.nanoTime();
      CompletableFuture<Void> stopped = group.stopInBackground(leader);
      String next = group.awaitLeader();
      millis.add((System.nanoTime() - killed) / 1_000_000);
      assertThat(next).isNotEqualTo(leader);
      stopped.join();
      group.start(leader);
      int written = round;
      await("a write after round " + round).atMost(RECOVERY_WAIT).ignoreExceptions()
          .until(() -> store.compareAndSet("rounds", written - 1, text("round " + written)).written());
    }
    List<Long> sorted = millis.stream().sorted().toList();
    log.info("new Raft leader ready after {} ms (median {} ms)", millis, sorted.get(1));
    // About a second when the machine is quiet; the bound leaves room for other builds.
    assertThat(sorted.get(1)).as("median ms to a ready leader").isLessThan(3000);
  }

  private List<Path> snapshots(String id) throws IOException {
    try (Stream<Path> files = Files.walk(group.storage(id))) {
      return files.filter(f -> f.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
    }
  }

  /** Runs the operations at once, as several agents' threads would, and expects each to fail in time. */
  private static void assertAllUnavailableWithin(Duration bound, List<Runnable> operations) {
    ExecutorService threads = Executors.newFixedThreadPool(operations.size());
    try {
      List<Future<Throwable>> outcomes = operations.stream()
          .map(op -> threads.submit(() -> failureWithin(bound, op)))
          .toList();
      for (Future<Throwable> outcome : outcomes) {
        assertThat(outcome.get(bound.toMillis() * 2, TimeUnit.MILLISECONDS))
            .isInstanceOf(CoordinationUnavailableException.class)
            .hasMessageStartingWith("could not ")
            .hasMessageContaining("Raft group baton")
            .hasMessageContaining("request timeout " + RaftSettings.DEFAULT_REQUEST_TIMEOUT.toMillis() + " ms")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("an operation without a majority did not end in time", e);
    } finally {
      threads.shutdownNow();
    }
  }

  private static Throwable failureWithin(Duration bound, Runnable operation) {
    long start = System.nanoTime();
    Throwable failure = catchThrowable(operation::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info("without a majority, after {} ms: {}", took.toMillis(), failure == null ? "SUCCESS" : failure.getMessage());
    assertThat(took).isLessThanOrEqualTo(bound);
    return failure;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
