package dev.baton.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link CoordinationStore} must do, run against each implementation on a real
 * backend. Each test uses lease and document names of its own, so one backend serves the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CoordinationStoreConformance {
  /** Short enough to keep the suite quick, long enough for a loaded two-core machine. */
  protected static final Duration TTL = Duration.ofSeconds(1);
  protected static final Duration LONG_TTL = Duration.ofSeconds(30);
  /** How long after its TTL a lease that nobody renews must be gone. */
  protected static final Duration EXPIRY_SLACK = Duration.ofSeconds(4);
  protected static final Duration WATCH_WAIT = Duration.ofSeconds(5);

  private String name;

  /** Starts the backend with its data in {@code dir}, which outlives the class's tests. */
  protected abstract void startBackend(Path dir) throws Exception;

  /** Stops everything started, even after a failed start. */
  protected abstract void stopBackend() throws Exception;

  /** The store under test, on the running backend. */
  protected abstract CoordinationStore store();

  /** Another store (another agent's client) on the same backend. */
  protected abstract CoordinationStore otherStore();

  /** Stops the whole backend and starts it again on the same data; the stores work again after. */
  protected abstract void restartBackend() throws Exception;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    try {
      startBackend(dir);
    } catch (Exception | AssertionError e) {
      stopBackend();
      throw e;
    }
  }

  @AfterAll
  void stop() throws Exception {
    stopBackend();
  }

  @BeforeEach
  void nameAfterTheTest(TestInfo test) {
    name = test.getTestMethod().orElseThrow().getName();
  }

  @Test
  void theFirstOwnerGetsTheLease() {
    Lease lease = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    assertThat(lease.name()).isEqualTo(name);
    assertThat(lease.owner()).isEqualTo("agent-1");
    assertThat(lease.ttl()).isEqualTo(LONG_TTL);
    assertThat(store().current(name)).contains(lease);
    assertThat(otherStore().current(name)).contains(lease);
  }

  @Test
  void anotherOwnerCannotTakeAHeldLease() {
    Lease lease = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    assertThat(otherStore().acquire(name, "agent-2", LONG_TTL)).isEmpty();
    assertThat(store().current(name)).contains(lease);
  }

  @Test
  void theHolderAcquiringAgainKeepsItsEpoch() {
    Lease first = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    Lease again = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    assertThat(again.epoch()).isEqualTo(first.epoch());
  }

  @Test
  void renewalsKeepALeaseFarBeyondItsTtl() {
    Lease lease = store().acquire(name, "agent-1", TTL).orElseThrow();
    long end = System.nanoTime() + TTL.multipliedBy(3).toNanos();

    while (System.nanoTime() < end) {
      assertThat(store().renew(lease)).as("renewal").contains(lease);
      sleep(TTL.dividedBy(4));
    }

    assertThat(otherStore().acquire(name, "agent-2", TTL)).isEmpty();
    assertThat(store().current(name)).contains(lease);
  }

  @Test
  void aLeaseNobodyRenewsExpiresAfterItsTtlAndNotBefore() {
    long sent = System.nanoTime();
    Lease lease = store().acquire(name, "agent-1", TTL).orElseThrow();
    Optional<Lease> early = store().current(name);
    boolean stillEarly = System.nanoTime() - sent < TTL.toNanos();

    if (stillEarly) {
      assertThat(early).as("the lease within its TTL").contains(lease);
    }
    await("expiry of " + name).atMost(TTL.plus(EXPIRY_SLACK)).pollInterval(Duration.ofMillis(50))
        .until(() -> store().current(name).isEmpty());
    assertThat(System.nanoTime() - sent).as("nanoseconds from acquire to expiry").isGreaterThanOrEqualTo(TTL.toNanos());
    assertThat(store().renew(lease)).as("renewal after expiry").isEmpty();
  }

  @Test
  void epochsGrowAcrossOwnersReleasesAndExpiries() {
    Lease a = store().acquire(name, "agent-1", TTL).orElseThrow();
    store().release(a);
    Lease a2 = store().acquire(name, "agent-1", TTL).orElseThrow();
    store().release(a2);
    Lease b = otherStore().acquire(name, "agent-2", TTL).orElseThrow();
    await("expiry of " + name).atMost(TTL.plus(EXPIRY_SLACK)).pollInterval(Duration.ofMillis(50))
        .until(() -> store().current(name).isEmpty());
    Lease a3 = store().acquire(name, "agent-1", TTL).orElseThrow();

    assertThat(List.of(a.epoch(), a2.epoch(), b.epoch(), a3.epoch())).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void releaseFreesTheLeaseForAnotherOwner() {
    Lease a = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    store().release(a);

    assertThat(store().current(name)).isEmpty();
    Lease b = otherStore().acquire(name, "agent-2", LONG_TTL).orElseThrow();
    assertThat(b.epoch().isAfter(a.epoch())).isTrue();
  }

  @Test
  void aStaleHolderCanNeitherRenewNorReleaseTheNewHoldersLease() {
    Lease a = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();
    store().release(a);
    Lease b = otherStore().acquire(name, "agent-2", LONG_TTL).orElseThrow();

    assertThat(store().renew(a)).isEmpty();
    store().release(a);

    assertThat(otherStore().current(name)).contains(b);
    assertThat(otherStore().renew(b)).contains(b);
  }

  @Test
  void aLeaseFromAnotherEpochOfTheSameOwnerIsNotRenewed() {
    Lease a = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();
    store().release(a);
    store().acquire(name, "agent-1", LONG_TTL).orElseThrow();

    assertThat(store().renew(a)).isEmpty();
  }

  @Test
  void anAbsentDocumentReadsAsEmpty() {
    assertThat(store().get(name)).isEmpty();
  }

  @Test
  void compareAndSetCreatesADocumentOnlyWhenAbsent() {
    assertThat(store().compareAndSet(name, 0, bytes("v1"))).isEqualTo(new CasResult.Written(1));
    assertThat(otherStore().compareAndSet(name, 0, bytes("other"))).isEqualTo(new CasResult.Conflict(0, 1));

    VersionedDocument d = otherStore().get(name).orElseThrow();
    assertThat(d.version()).isEqualTo(1);
    assertThat(d.value()).isEqualTo(bytes("v1"));
  }

  @Test
  void ofTwoWritersOfTheSameVersionOnlyOneWins() {
    store().compareAndSet(name, 0, bytes("v1"));
    long read = store().get(name).orElseThrow().version();

    CasResult first = store().compareAndSet(name, read, bytes("from agent-1"));
    CasResult second = otherStore().compareAndSet(name, read, bytes("from agent-2"));

    assertThat(first).isEqualTo(new CasResult.Written(read + 1));
    assertThat(second).isEqualTo(new CasResult.Conflict(read, read + 1));
    assertThat(store().get(name).orElseThrow().value()).isEqualTo(bytes("from agent-1"));
  }

  @Test
  void aWatchSeesTheCurrentVersionThenEveryLaterOneInOrder() {
    store().compareAndSet(name, 0, bytes("v1"));
    List<VersionedDocument> seen = new CopyOnWriteArrayList<>();

    Watch watch = store().watch(name, seen::add);
    try {
      otherStore().compareAndSet(name, 1, bytes("v2"));
      otherStore().compareAndSet(name, 2, bytes("v3"));

      await("versions 1-3 of " + name).atMost(WATCH_WAIT).until(() -> seen.size() >= 3);
    } finally {
      watch.close();
    }
    assertThat(seen).extracting(VersionedDocument::version).containsExactly(1L, 2L, 3L);
    assertThat(seen.get(2).value()).isEqualTo(bytes("v3"));
  }

  @Test
  void aWatchOnAnAbsentDocumentFiresWhenItIsCreated() {
    List<VersionedDocument> seen = new CopyOnWriteArrayList<>();

    Watch watch = store().watch(name, seen::add);
    try {
      otherStore().compareAndSet(name, 0, bytes("created"));

      await("creation of " + name).atMost(WATCH_WAIT).until(() -> !seen.isEmpty());
    } finally {
      watch.close();
    }
    assertThat(seen).extracting(VersionedDocument::version).containsExactly(1L);
  }

  @Test
  void aClosedWatchStaysQuiet() {
    List<VersionedDocument> seen = new CopyOnWriteArrayList<>();
    Watch watch = store().watch(name, seen::add);
    otherStore().compareAndSet(name, 0, bytes("v1"));
    await("version 1 of " + name).atMost(WATCH_WAIT).until(() -> seen.size() == 1);

    watch.close();
    otherStore().compareAndSet(name, 1, bytes("v2"));
    otherStore().get(name);

    await("quiet after close").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 1);
  }

  @Test
  void refusesInvalidArgumentsWithoutAskingTheBackend() {
    assertThatThrownBy(() -> store().acquire(name, "agent-1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> store().acquire(" ", "agent-1", TTL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().compareAndSet(name, -1, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leasesEpochsAndDocumentsSurviveARestartOfTheBackend() throws Exception {
    Lease held = store().acquire(name, "agent-1", LONG_TTL).orElseThrow();
    Lease released = store().acquire(name + "-released", "agent-1", LONG_TTL).orElseThrow();
    store().release(released);
    store().compareAndSet(name, 0, bytes("v1"));
    store().compareAndSet(name, 1, bytes("v2"));

    restartBackend();

    VersionedDocument d = await("the store after restart").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> store().get(name), Optional::isPresent).orElseThrow();
    assertThat(d.version()).isEqualTo(2);
    assertThat(d.value()).isEqualTo(bytes("v2"));
    assertThat(store().current(name)).contains(held);
    Lease next = otherStore().acquire(name + "-released", "agent-2", LONG_TTL).orElseThrow();
    assertThat(next.epoch().isAfter(released.epoch())).isTrue();
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
