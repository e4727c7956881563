package dev.baton.core.topology;

import static dev.baton.core.topology.Observations.address;
import static dev.baton.core.topology.Observations.lagging;
import static dev.baton.core.topology.Observations.observation;
import static dev.baton.core.topology.Observations.readOnlyPrimary;
import static dev.baton.core.topology.Observations.replica;
import static dev.baton.core.topology.Observations.replicaOf;
import static dev.baton.core.topology.Observations.status;
import static dev.baton.core.topology.Observations.superReadOnlyPrimary;
import static dev.baton.core.topology.Observations.unreachable;
import static dev.baton.core.topology.Observations.writablePrimary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final InstanceAddress P = address(3310);
  private static final InstanceAddress R1 = address(3311);
  private static final InstanceAddress R2 = address(3312);
  private static final InstanceAddress STRANGER = address(3399);
  private static final Topology TOPOLOGY = new Topology(P, List.of(R1, R2));

  private final Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();

  private void healthy() {
    seen.put(P, writablePrimary(P));
    seen.put(R1, replicaOf(R1, P));
    seen.put(R2, replicaOf(R2, P));
  }

  private Routing decide(boolean fallback) {
    return Routing.decide(TOPOLOGY, seen, Routing.NONE, LagLimits.DEFAULTS, fallback);
  }

  /** Decides with the read set {@code reading} in force, as the monitor does every round. */
  private Routing decideAfter(List<InstanceAddress> reading) {
    return Routing.decide(TOPOLOGY, seen, new Routing(Optional.of(P), reading), LagLimits.DEFAULTS, false);
  }

  @Test
  void healthyClusterWritesToThePrimaryAndReadsFromEveryReplica() {
    healthy();

    Routing r = decide(false);

    assertThat(r.write()).contains(P);
    assertThat(r.read()).containsExactly(R1, R2);
  }

  @Test
  void noWriteTargetWhenThePrimaryIsUnreachable() {
    healthy();
    seen.put(P, unreachable(P));

    assertThat(decide(true).write()).isEmpty();
  }

  @Test
  void noWriteTargetWhenThePrimaryIsNotObserved() {
    healthy();
    seen.remove(P);

    assertThat(decide(true).write()).isEmpty();
  }

  @Test
  void noWriteTargetWhenThePrimaryIsReadOnly() {
    healthy();
    seen.put(P, readOnlyPrimary(P));

    assertThat(decide(true).write()).isEmpty();
  }

  @Test
  void noWriteTargetWhenThePrimaryIsSuperReadOnly() {
    healthy();
    seen.put(P, superReadOnlyPrimary(P));

    assertThat(decide(true).write()).isEmpty();
  }

  @Test
  void noWriteTargetWhenThePrimaryHasAReplicationSourceConfigured() {
    healthy();
    seen.put(P, observation(P, false, false, Optional.of(status(R1, false, false))));

    assertThat(decide(true).write()).isEmpty();
  }

  @Test
  void readsSkipAnUnreachableReplica() {
    healthy();
    seen.put(R1, unreachable(R1));

    assertThat(decide(false).read()).containsExactly(R2);
  }

  @Test
  void readsSkipAReplicaThatIsNotObserved() {
    healthy();
    seen.remove(R2);

    assertThat(decide(false).read()).containsExactly(R1);
  }

  @Test
  void readsSkipAReplicaWhoseIoThreadIsStopped() {
    healthy();
    seen.put(R1, replica(R1, P, false, true));

    assertThat(decide(false).read()).containsExactly(R2);
  }

  @Test
  void readsSkipAReplicaWhoseSqlThreadIsStopped() {
    healthy();
    seen.put(R2, replica(R2, P, true, false));

    assertThat(decide(false).read()).containsExactly(R1);
  }

  @Test
  void readsSkipAReplicaThatReplicatesFromAnotherSource() {
    healthy();
    seen.put(R1, replicaOf(R1, STRANGER));

    assertThat(decide(false).read()).containsExactly(R2);
  }

  @Test
  void readsSkipAMemberWithoutReplication() {
    healthy();
    seen.put(R2, observation(R2, true, true, Optional.empty()));

    assertThat(decide(false).read()).containsExactly(R1);
  }

  @Test
  void readsFollowTopologyOrder() {
    healthy();
    Topology reversed = new Topology(P, List.of(R2, R1));

    assertThat(Routing.decide(reversed, seen, Routing.NONE, LagLimits.DEFAULTS, false).read()).containsExactly(R2, R1);
  }

  @Test
  void readsNeverIncludeInstancesOutsideTheTopology() {
    healthy();
    seen.put(STRANGER, replicaOf(STRANGER, P));

    assertThat(decide(false).read()).containsExactly(R1, R2);
  }

  @Test
  void healthyReplicasStillTakeReadsWhileThePrimaryIsUnwritable() {
    healthy();
    seen.put(P, unreachable(P));

    Routing r = decide(true);

    assertThat(r.write()).isEmpty();
    assertThat(r.read()).containsExactly(R1, R2);
  }

  @Test
  void readsFallBackToAWritablePrimaryWhenEnabledAndNoReplicaIsHealthy() {
    seen.put(P, writablePrimary(P));
    seen.put(R1, unreachable(R1));

    assertThat(decide(true).read()).containsExactly(P);
  }

  @Test
  void readsDoNotFallBackToThePrimaryWhenDisabled() {
    seen.put(P, writablePrimary(P));

    assertThat(decide(false).read()).isEmpty();
  }

  @Test
  void readsDoNotFallBackToAPrimaryThatIsNotWritable() {
    seen.put(P, superReadOnlyPrimary(P));

    Routing r = decide(true);

    assertThat(r).isEqualTo(Routing.NONE);
  }

  @Test
  void readsDoNotIncludeThePrimaryWhileAReplicaIsHealthy() {
    healthy();
    seen.put(R1, unreachable(R1));

    assertThat(decide(true).read()).containsExactly(R2);
  }

  @Test
  void noObservationsMeansNoRouting() {
    assertThat(decide(true)).isEqualTo(Routing.NONE);
  }

  @Test
  void aReplicaTakingReadsStaysUpToTheExclusionLimitAndLeavesAboveIt() {
    healthy();
    seen.put(R1, lagging(R1, P, Optional.of(10L)));
    assertThat(decideAfter(List.of(R1, R2)).read()).containsExactly(R1, R2);

    seen.put(R1, lagging(R1, P, Optional.of(11L)));
    assertThat(decideAfter(List.of(R1, R2)).read()).containsExactly(R2);
  }

  @Test
  void anExcludedReplicaComesBackOnlyBelowTheReadmitLimit() {
    healthy();
    for (long lag : List.of(10L, 7L, 5L)) {
      seen.put(R1, lagging(R1, P, Optional.of(lag)));
      assertThat(decideAfter(List.of(R2)).read()).as("lag %d s", lag).containsExactly(R2);
    }

    seen.put(R1, lagging(R1, P, Optional.of(4L)));
    assertThat(decideAfter(List.of(R2)).read()).containsExactly(R1, R2);
  }

  @Test
  void aReplicaOfUnknownLagTakesNoReads() {
    healthy();
    seen.put(R1, lagging(R1, P, Optional.empty()));

    assertThat(decideAfter(List.of(R1, R2)).read()).containsExactly(R2);
    assertThat(decideAfter(List.of(R2)).read()).containsExactly(R2);
  }

  @Test
  void readsFallBackToThePrimaryWhenEveryReplicaLagsTooFar() {
    seen.put(P, writablePrimary(P));
    seen.put(R1, lagging(R1, P, Optional.of(60L)));
    seen.put(R2, lagging(R2, P, Optional.of(11L)));

    Routing r = Routing.decide(TOPOLOGY, seen, new Routing(Optional.of(P), List.of(R1, R2)), LagLimits.DEFAULTS, true);

    assertThat(r.read()).containsExactly(P);
  }

  @Test
  void lagLimitsAreValidated() {
    assertThatThrownBy(() -> new LagLimits(Duration.ofSeconds(5), Duration.ofSeconds(10)))
        .hasMessage("readmitBelow (PT10S) must be <= excludeAbove (PT5S)");
    assertThatThrownBy(() -> new LagLimits(Duration.ofSeconds(5), Duration.ZERO))
        .hasMessage("readmitBelow must be positive, got PT0S");
  }

  @Test
  void holdingWritesKeepsTheReadsAndNamesThePrimaryHandingOver() {
    Routing routed = new Routing(Optional.of(P), List.of(R1));

    Routing held = routed.holdingWrites();

    assertThat(held).isEqualTo(new Routing(Optional.empty(), List.of(R1), Optional.of(P)));
    assertThat(held.holdingWrites()).as("holding again changes nothing").isEqualTo(held);
    assertThat(new Routing(Optional.empty(), List.of(R1)).holdingWrites().handingOver())
        .as("a primary not routed had no connections to keep").isEmpty();
  }
}
