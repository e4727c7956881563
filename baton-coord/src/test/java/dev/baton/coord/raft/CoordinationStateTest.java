package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coord.CasResult;
import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoordinationStateTest {
  private static final Duration TTL = Duration.ofSeconds(5);

  private final CoordinationState state = new CoordinationState();
  private long index;
  /** The Raft term of the entries applied next. */
  private long term = 1;

  @Test
  void firstHolderGetsTheFirstEpoch() {
    assertThat(acquire("master_lock", "a")).contains(new Lease("master_lock", "a", Epoch.FIRST, TTL));
    assertThat(current("master_lock")).map(Lease::owner).contains("a");
  }

  @Test
  void anotherOwnerCannotTakeAHeldLease() {
    acquire("master_lock", "a");

    assertThat(acquire("master_lock", "b")).isEmpty();
    assertThat(current("master_lock")).map(Lease::owner).contains("a");
  }

  @Test
  void theHolderAcquiringAgainKeepsItsEpochAndTakesTheNewTtl() {
    Lease first = acquire("master_lock", "a").orElseThrow();

    Lease again = apply(new Command.Acquire("master_lock", "a", Duration.ofSeconds(9), 0)).orElseThrow();

    assertThat(again.epoch()).isEqualTo(first.epoch());
    assertThat(again.ttl()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void epochsGrowAcrossOwnersAndReleases() {
    Lease a = acquire("master_lock", "a").orElseThrow();
    release(a);
    Lease b = acquire("master_lock", "b").orElseThrow();
    expire(b, grantOf("master_lock"));
    Lease a2 = acquire("master_lock", "a").orElseThrow();

    assertThat(b.epoch().isAfter(a.epoch())).isTrue();
    assertThat(a2.epoch().isAfter(b.epoch())).isTrue();
  }

  @Test
  void epochsAreCountedPerLeaseName() {
    acquire("master_lock", "a");

    assertThat(acquire("backup_lock", "a")).map(Lease::epoch).contains(Epoch.FIRST);
  }

  @Test
  void renewKeepsTheLeaseOnlyForItsHolderAndEpoch() {
    Lease a = acquire("master_lock", "a").orElseThrow();

    assertThat(renew(a)).contains(a);
    assertThat(renew(new Lease("master_lock", "b", a.epoch(), TTL))).isEmpty();
    assertThat(renew(new Lease("master_lock", "a", a.epoch().next(), TTL))).isEmpty();
  }

  @Test
  void aStaleHolderCanNeitherRenewNorReleaseTheNewHoldersLease() {
    Lease a = acquire("master_lock", "a").orElseThrow();
    expire(a, grantOf("master_lock"));
    Lease b = acquire("master_lock", "b").orElseThrow();

    assertThat(renew(a)).isEmpty();
    assertThat(state.apply(new Command.Release("master_lock", "a", a.epoch()), ++index, term)).isEqualTo(new Reply.Ended(false));
    assertThat(current("master_lock")).contains(b);
  }

  @Test
  void anExpiryDecidedBeforeARenewalDoesNotEndTheRenewedLease() {
    Lease a = acquire("master_lock", "a").orElseThrow();
    long timedGrant = grantOf("master_lock");
    renew(a);

    assertThat(state.apply(new Command.Expire("master_lock", a.epoch(), timedGrant), ++index, term))
        .isEqualTo(new Reply.Ended(false));
    assertThat(current("master_lock")).contains(a);
  }

  @Test
  void anExpiryForAnEarlierHolderDoesNotEndTheCurrentOne() {
    Lease a = acquire("master_lock", "a").orElseThrow();
    long grantA = grantOf("master_lock");
    release(a);
    Lease a2 = acquire("master_lock", "a").orElseThrow();

    assertThat(state.apply(new Command.Expire("master_lock", a.epoch(), grantA), ++index, term)).isEqualTo(new Reply.Ended(false));
    assertThat(current("master_lock")).contains(a2);
  }

  @Test
  void aLeaderOfALaterTermTakesOverALeaderBoundLeaseWithANewEpoch() {
    Lease a = apply(new Command.Acquire("master_lock", "a", TTL, 1)).orElseThrow();
    term = 2;

    Lease b = apply(new Command.Acquire("master_lock", "b", TTL, 2)).orElseThrow();

    assertThat(b.epoch().isAfter(a.epoch())).isTrue();
    assertThat(apply(new Command.Renew("master_lock", "a", a.epoch(), 1))).isEmpty();
    assertThat(current("master_lock")).contains(b);
  }

  @Test
  void aLeaderBoundCommandCountsOnlyInTheTermItWasProposedFor() {
    term = 3;

    assertThat(apply(new Command.Acquire("master_lock", "a", TTL, 2))).isEmpty();
    Lease a = apply(new Command.Acquire("master_lock", "a", TTL, 3)).orElseThrow();
    term = 4;
    assertThat(apply(new Command.Renew("master_lock", "a", a.epoch(), 3))).isEmpty();
    assertThat(apply(new Command.Acquire("master_lock", "a", TTL, 4))).contains(a);
  }

  @Test
  void inTheSameTermALeaderBoundLeaseIsNotTakenOver() {
    apply(new Command.Acquire("master_lock", "a", TTL, 1));

    assertThat(apply(new Command.Acquire("master_lock", "b", TTL, 1))).isEmpty();
  }

  @Test
  void aPlainLeaseIsNeverTakenOverByALeaderBoundAcquire() {
    acquire("backup_lock", "a");
    term = 5;

    assertThat(apply(new Command.Acquire("backup_lock", "b", TTL, 5))).isEmpty();
    assertThat(current("backup_lock")).map(Lease::owner).contains("a");
  }

  @Test
  void compareAndSetWritesOnlyOverTheExpectedVersion() {
    assertThat(cas("topology", 0, "v1")).isEqualTo(new CasResult.Written(1));
    assertThat(cas("topology", 0, "again")).isEqualTo(new CasResult.Conflict(0, 1));
    assertThat(cas("topology", 1, "v2")).isEqualTo(new CasResult.Written(2));
    assertThat(cas("topology", 1, "stale")).isEqualTo(new CasResult.Conflict(1, 2));

    assertThat(state.document("topology").orElseThrow().value()).asString(StandardCharsets.UTF_8).isEqualTo("v2");
  }

  @Test
  void compareAndSetOnAnAbsentDocumentWithAVersionConflicts() {
    assertThat(cas("topology", 3, "v")).isEqualTo(new CasResult.Conflict(3, 0));
    assertThat(state.document("topology")).isEmpty();
  }

  @Test
  void sameCommandsAtSameIndexesGiveTheSameState() {
    CoordinationState other = new CoordinationState();
    Command[] commands = {new Command.Acquire("m", "a", TTL, 0), new Command.CompareAndSet("t", 0, new byte[] {1}),
        new Command.Release("m", "a", Epoch.FIRST), new Command.Acquire("m", "b", TTL, 0)};
    for (int i = 0; i < commands.length; i++) {
      assertThat(other.apply(commands[i], i + 1, 1)).isEqualTo(state.apply(commands[i], i + 1, 1));
    }
    assertThat(other.held()).isEqualTo(state.held());
    assertThat(other.lastEpochs()).isEqualTo(state.lastEpochs());
    assertThat(other.documents()).isEqualTo(state.documents());
  }

  private Optional<Lease> acquire(String name, String owner) {
    return apply(new Command.Acquire(name, owner, TTL, 0));
  }

  private Optional<Lease> renew(Lease l) {
    return apply(new Command.Renew(l.name(), l.owner(), l.epoch(), 0));
  }

  private void release(Lease l) {
    assertThat(state.apply(new Command.Release(l.name(), l.owner(), l.epoch()), ++index, term)).isEqualTo(new Reply.Ended(true));
  }

  private void expire(Lease l, long grantIndex) {
    assertThat(state.apply(new Command.Expire(l.name(), l.epoch(), grantIndex), ++index, term)).isEqualTo(new Reply.Ended(true));
  }

  private Optional<Lease> apply(Command c) {
    return ((Reply.LeaseReply) state.apply(c, ++index, term)).lease();
  }

  private Optional<Lease> current(String name) {
    return ((Reply.LeaseReply) state.read(new Query.CurrentLease(name))).lease();
  }

  private long grantOf(String name) {
    return state.held().stream().filter(h -> h.lease().name().equals(name)).findFirst().orElseThrow().grantIndex();
  }

  private CasResult cas(String key, long expected, String value) {
    return ((Reply.CasReply) state.apply(new Command.CompareAndSet(key, expected, value.getBytes(StandardCharsets.UTF_8)),
        ++index, term)).result();
  }
}
