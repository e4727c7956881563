package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.MariadbGtidPosition;
import dev.baton.core.gtid.MysqlGtidSet;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After a failover from OLD to NEW: what becomes of OLD when it returns, and of a replica that stopped. */
class RejoinTest {
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
  private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  private static final String N = "4a6b8c2d-71ca-11e1-9e33-c80aa9429563";
  private static final InstanceAddress NEW = new InstanceAddress("127.0.0.1", 3311);
  private static final InstanceAddress OLD = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress R2 = new InstanceAddress("127.0.0.1", 3312);
  private static final ClusterState STATE = ClusterState.initial(new Topology(NEW, List.of(OLD, R2)));
  private static final String PRIMARY_GTIDS = A + ":1-100," + N + ":1-5";

  private final Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();

  private static InstanceObservation instance(InstanceAddress a, boolean readOnly, String gtids,
      Optional<ReplicaStatus> replica) {
    return new InstanceObservation(a, AT, true, Optional.empty(), "8.4.0", "", readOnly, readOnly, gtids, replica);
  }

  private static Optional<ReplicaStatus> following(InstanceAddress source, boolean running, Optional<String> error) {
    return Optional.of(new ReplicaStatus(source, running, running, Optional.empty(), error, ""));
  }

  private void see(InstanceObservation o) {
    seen.put(o.address(), o);
  }

  /** NEW is a writable primary, R2 replicates from it; OLD came back read-only, with no replication configured. */
  private void oldPrimaryReturns(String oldGtids) {
    see(instance(NEW, false, PRIMARY_GTIDS, Optional.empty()));
    see(instance(R2, true, PRIMARY_GTIDS, following(NEW, true, Optional.empty())));
    see(instance(OLD, true, oldGtids, Optional.empty()));
  }

  private List<Rejoin.Action> decide(ClusterState state, boolean rejoinAllowed) {
    return Rejoin.decide(state, seen, rejoinAllowed, MysqlGtidSet::parse);
  }

  @Test
  void aWritableOldPrimaryIsFencedFirstEvenWhenDowntimed() {
    see(instance(NEW, false, PRIMARY_GTIDS, Optional.empty()));
    see(instance(R2, true, PRIMARY_GTIDS, following(NEW, true, Optional.empty())));
    see(instance(OLD, false, A + ":1-100", Optional.empty()));

    assertThat(decide(STATE, true)).containsExactly(new Rejoin.Action.Fence(OLD), new Rejoin.Action.Repoint(OLD, NEW));
    ClusterState downtimed = STATE.withFlags(OLD, f -> new InstanceFlags(OLD, f.rule(), true, Optional.empty()));
    assertThat(decide(downtimed, true)).containsExactly(new Rejoin.Action.Fence(OLD));
  }

  @Test
  void anOldPrimaryWhoseTransactionsThePrimaryHasIsRepointedToIt() {
    oldPrimaryReturns(A + ":1-100");

    assertThat(decide(STATE, true)).containsExactly(new Rejoin.Action.Repoint(OLD, NEW));
  }

  @Test
  void anOldPrimaryIsLeftAloneWhenRejoinIsNotAllowed() {
    oldPrimaryReturns(A + ":1-100");

    assertThat(decide(STATE, false)).isEmpty();
  }

  @Test
  void anOldPrimaryWithTransactionsThePrimaryLacksIsFlaggedForRebuildNamingThem() {
    oldPrimaryReturns(A + ":1-103");

    assertThat(decide(STATE, true)).containsExactly(
        new Rejoin.Action.FlagRebuild(OLD, "has transactions the primary " + NEW + " lacks: " + A + ":101-103"));
  }

  @Test
  void anOldPrimaryWithExtraTransactionsIsFlaggedEvenWhenRejoinIsNotAllowed() {
    oldPrimaryReturns(A + ":1-103");

    assertThat(decide(STATE, false)).singleElement().isInstanceOf(Rejoin.Action.FlagRebuild.class);
  }

  @Test
  void theExtraSetIsNamedOnOneLine() {
    String other = "5b7c9d3e-71ca-11e1-9e33-c80aa9429564";
    oldPrimaryReturns(A + ":1-101," + other + ":1-2");

    assertThat(decide(STATE, true)).singleElement().isInstanceOfSatisfying(Rejoin.Action.FlagRebuild.class,
        f -> assertThat(f.reason()).doesNotContain("\n").endsWith("lacks: " + A + ":101," + other + ":1-2"));
  }

  @Test
  void aDowntimedInstanceIsLeftAlone() {
    oldPrimaryReturns(A + ":1-100");
    ClusterState downtimed = STATE.withFlags(OLD, f -> new InstanceFlags(OLD, f.rule(), true, Optional.empty()));

    assertThat(decide(downtimed, true)).isEmpty();
  }

  @Test
  void anInstanceAlreadyFlaggedForRebuildIsLeftAlone() {
    oldPrimaryReturns(A + ":1-103");
    ClusterState flagged = STATE.withFlags(OLD,
        f -> new InstanceFlags(OLD, f.rule(), false, Optional.of("has transactions the primary lacks")));

    assertThat(decide(flagged, true)).isEmpty();
  }

  @Test
  void anUnreachableOrUnprobedInstanceIsLeftAlone() {
    oldPrimaryReturns(A + ":1-100");
    see(InstanceObservation.unreachable(OLD, AT, "Connection refused"));

    assertThat(decide(STATE, true)).isEmpty();
    seen.remove(OLD);
    assertThat(decide(STATE, true)).isEmpty();
  }

  @Test
  void aReplicaFollowingThePrimaryButStoppedWithoutErrorIsStarted() {
    oldPrimaryReturns(A + ":1-100");
    see(instance(R2, true, A + ":1-100", following(NEW, false, Optional.empty())));

    assertThat(decide(STATE, false)).containsExactly(new Rejoin.Action.StartReplication(R2));
  }

  @Test
  void aReplicaFollowingThePrimaryThatStoppedOnAnErrorIsLeftAlone() {
    oldPrimaryReturns(A + ":1-100");
    seen.remove(OLD);
    see(instance(R2, true, A + ":1-100", following(NEW, false, Optional.of("Duplicate entry '7' for key 'PRIMARY'"))));

    assertThat(decide(STATE, true)).isEmpty();
  }

  @Test
  void aStoppedReplicaWithTransactionsThePrimaryLacksIsFlaggedNotStarted() {
    oldPrimaryReturns(A + ":1-100");
    see(instance(R2, true, PRIMARY_GTIDS + ",5b7c9d3e-71ca-11e1-9e33-c80aa9429564:1",
        following(NEW, false, Optional.empty())));

    assertThat(decide(STATE, true)).contains(new Rejoin.Action.FlagRebuild(R2, "has transactions the primary " + NEW
        + " lacks: 5b7c9d3e-71ca-11e1-9e33-c80aa9429564:1"));
  }

  @Test
  void aReplicaStillConfiguredForTheFailedPrimaryIsRepointed() {
    oldPrimaryReturns(A + ":1-100");
    seen.remove(OLD);
    see(instance(R2, true, A + ":1-100", following(OLD, false, Optional.of("error connecting to source"))));

    assertThat(decide(STATE, true)).containsExactly(new Rejoin.Action.Repoint(R2, NEW));
  }

  @Test
  void aHealthyReplicaIsLeftAlone() {
    oldPrimaryReturns(A + ":1-100");
    seen.remove(OLD);

    assertThat(decide(STATE, true)).isEmpty();
  }

  @Test
  void aReplicaReplicatingFromTheOldPrimaryIsRepointedToThePrimary() {
    oldPrimaryReturns(A + ":1-100");
    see(instance(R2, true, A + ":1-100", following(OLD, true, Optional.empty())));

    assertThat(decide(STATE, true)).contains(new Rejoin.Action.Repoint(R2, NEW));
  }

  @Test
  void nothingIsDecidedWhileThePrimaryIsNotWritable() {
    oldPrimaryReturns(A + ":1-100");
    see(instance(NEW, true, PRIMARY_GTIDS, Optional.empty()));

    assertThat(decide(STATE, true)).isEmpty();
  }

  @Test
  void nothingIsDecidedWhileThePrimaryIsUnreachableOrUnprobed() {
    oldPrimaryReturns(A + ":1-100");
    see(InstanceObservation.unreachable(NEW, AT, "Connection refused"));

    assertThat(decide(STATE, true)).isEmpty();
    seen.remove(NEW);
    assertThat(decide(STATE, true)).isEmpty();
  }

  @Test
  void mariadbOldPrimaryBehindThePrimaryIsRepointedAndOneAheadIsFlagged() {
    see(instance(NEW, false, "0-2-120", Optional.empty()));
    see(instance(R2, true, "0-2-120", following(NEW, true, Optional.empty())));
    see(instance(OLD, true, "0-1-100", Optional.empty()));

    assertThat(Rejoin.decide(STATE, seen, true, MariadbGtidPosition::parse))
        .containsExactly(new Rejoin.Action.Repoint(OLD, NEW));

    see(instance(OLD, true, "0-1-100,1-1-3", Optional.empty()));
    assertThat(Rejoin.decide(STATE, seen, true, MariadbGtidPosition::parse)).containsExactly(
        new Rejoin.Action.FlagRebuild(OLD, "has transactions the primary " + NEW + " lacks: 1-1-3"));
  }
}
