package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverPlannerTest {
  private static final InstanceAddress P = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress R1 = new InstanceAddress("127.0.0.1", 3311);
  private static final InstanceAddress R2 = new InstanceAddress("127.0.0.1", 3312);
  private static final InstanceAddress R3 = new InstanceAddress("127.0.0.1", 3313);
  private static final Topology TOPOLOGY = new Topology(P, List.of(R1, R2, R3));
  private static final FailoverSettings SETTINGS =
      new FailoverSettings(Duration.ofSeconds(7), Duration.ofSeconds(3), true, Duration.ofMinutes(1),
          Duration.ofMillis(400), Duration.ofMillis(700));

  @Test
  void failoverFencesBestEffortAwaitsTheRelayLogPromotesPublishesAndRepointsTheOthers() {
    RecoveryPlan plan = FailoverPlanner.failover(TOPOLOGY, R2, SETTINGS, "DeadPrimary");

    // Writes resume with the publication: the repoints come after it.
    assertThat(plan.steps()).containsExactly(
        new Step.FenceOldPrimary(P, false, Duration.ofMillis(400)),
        new Step.AwaitRelayLogApplied(R2, Duration.ofSeconds(7)),
        new Step.Promote(R2),
        new Step.PublishTopology(new Topology(R2, List.of(P, R1, R3))),
        new Step.Repoint(R1, R2, true),
        new Step.Repoint(R3, R2, true));
  }

  @Test
  void failoverOnlyTheFenceAndTheRepointsAreBestEffort() {
    RecoveryPlan plan = FailoverPlanner.failover(TOPOLOGY, R2, SETTINGS, "DeadPrimary");

    assertThat(plan.steps()).filteredOn(s -> !s.essential())
        .allSatisfy(s -> assertThat(s).isInstanceOfAny(Step.FenceOldPrimary.class, Step.Repoint.class))
        .hasSize(3);
  }

  @Test
  void failoverMakesTheCandidatePrimaryAndKeepsTheOldPrimaryAmongTheReplicas() {
    RecoveryPlan plan = FailoverPlanner.failover(TOPOLOGY, R2, SETTINGS, "DeadPrimary");

    assertThat(plan.kind()).isEqualTo(RecoveryPlan.Kind.FAILOVER);
    assertThat(plan.oldPrimary()).isEqualTo(P);
    assertThat(plan.newPrimary()).isEqualTo(R2);
    assertThat(plan.newTopology()).isEqualTo(new Topology(R2, List.of(P, R1, R3)));
    assertThat(plan.reason()).isEqualTo("DeadPrimary");
  }

  @Test
  void failoverDoesNotRepointTheOldPrimary() {
    RecoveryPlan plan = FailoverPlanner.failover(TOPOLOGY, R1, SETTINGS, "DeadPrimary");

    assertThat(plan.steps()).noneMatch(s -> s instanceof Step.Repoint r && r.instance().equals(P));
  }

  @Test
  void failoverOfASingleReplicaClusterHasNoRepoint() {
    RecoveryPlan plan = FailoverPlanner.failover(new Topology(P, List.of(R1)), R1, SETTINGS, "DeadPrimary");

    assertThat(plan.steps()).extracting(s -> s.getClass().getSimpleName())
        .containsExactly("FenceOldPrimary", "AwaitRelayLogApplied", "Promote", "PublishTopology");
    assertThat(plan.newTopology()).isEqualTo(new Topology(R1, List.of(P)));
  }

  @Test
  void switchoverHoldsWritesFencesAwaitsCatchUpPromotesPublishesAndLeavesTheOldPrimaryStopped() {
    RecoveryPlan plan = FailoverPlanner.switchover(TOPOLOGY, R2, false, SETTINGS, "operator");

    // New write connections wait at the routers before the fence; they resume with the publication.
    assertThat(plan.steps()).containsExactly(
        new Step.HoldWrites(P, Duration.ofMillis(700)),
        new Step.FenceOldPrimary(P, true, Duration.ofSeconds(3)),
        new Step.AwaitCaughtUp(R2, P, Duration.ofSeconds(3)),
        new Step.Promote(R2),
        new Step.PublishTopology(new Topology(R2, List.of(P, R1, R3))),
        new Step.Repoint(R1, R2, true),
        new Step.Repoint(R3, R2, true),
        new Step.Repoint(P, R2, false));
    assertThat(plan.kind()).isEqualTo(RecoveryPlan.Kind.SWITCHOVER);
  }

  @Test
  void switchoverStartsTheOldPrimaryWhenAsked() {
    RecoveryPlan plan = FailoverPlanner.switchover(TOPOLOGY, R2, true, SETTINGS, "operator");

    assertThat(plan.steps()).contains(new Step.Repoint(P, R2, true)).doesNotContain(new Step.Repoint(P, R2, false));
  }

  @Test
  void switchoverFenceIsEssential() {
    RecoveryPlan plan = FailoverPlanner.switchover(TOPOLOGY, R2, true, SETTINGS, "operator");

    assertThat(plan.steps()).filteredOn(s -> s instanceof Step.FenceOldPrimary)
        .singleElement().satisfies(s -> assertThat(s.essential()).isTrue());
  }

  @Test
  void promotingThePrimaryItselfIsRefused() {
    assertThatThrownBy(() -> FailoverPlanner.failover(TOPOLOGY, P, SETTINGS, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(P + " is not a replica of ");
  }

  @Test
  void promotingAnInstanceOutsideTheTopologyIsRefused() {
    InstanceAddress stranger = new InstanceAddress("127.0.0.1", 3399);

    assertThatThrownBy(() -> FailoverPlanner.failover(TOPOLOGY, stranger, SETTINGS, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(stranger + " is not a replica of ");
    assertThatThrownBy(() -> FailoverPlanner.switchover(TOPOLOGY, stranger, true, SETTINGS, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(stranger + " is not a replica of ");
  }

  @Test
  void thePlanCannotBeChangedAfterwards() {
    RecoveryPlan plan = FailoverPlanner.failover(TOPOLOGY, R2, SETTINGS, "DeadPrimary");

    assertThatThrownBy(() -> plan.steps().add(new Step.Promote(R1))).isInstanceOf(UnsupportedOperationException.class);
  }
}
