package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
  private static final InstanceAddress P = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress R1 = new InstanceAddress("127.0.0.1", 3311);
  private static final InstanceAddress R2 = new InstanceAddress("127.0.0.1", 3312);
  private static final Topology TOPOLOGY = new Topology(P, List.of(R1, R2));
  private static final ClusterState INITIAL = ClusterState.initial(TOPOLOGY);

  private static InstanceFlags flags(InstanceAddress a, PromotionRule rule, boolean downtimed, String rebuild) {
    return new InstanceFlags(a, rule, downtimed, Optional.ofNullable(rebuild));
  }

  @Test
  void initiallyEveryMemberIsNeutralAndNothingIsPending() {
    assertThat(INITIAL.instances()).containsExactly(InstanceFlags.neutral(P), InstanceFlags.neutral(R1),
        InstanceFlags.neutral(R2));
    assertThat(INITIAL.paused()).isFalse();
    assertThat(INITIAL.unacknowledgedRecovery()).isEmpty();
    assertThat(INITIAL.plan()).isEmpty();
  }

  @Test
  void flagsSetOnAMemberReadBack() {
    InstanceFlags set = flags(R1, PromotionRule.MUST_NOT, true, "errant 4a6b8c2d-71ca-11e1-9e33-c80aa9429563:1");

    ClusterState next = INITIAL.withFlags(R1, f -> set);

    assertThat(next.flags(R1)).isEqualTo(set);
  }

  @Test
  void settingOneMembersFlagsLeavesTheOthersAlone() {
    ClusterState next = INITIAL.withFlags(R1, f -> flags(R1, PromotionRule.PREFER, false, null))
        .withFlags(R2, f -> flags(R2, PromotionRule.PREFER_NOT, true, null));

    assertThat(next.flags(P)).isEqualTo(InstanceFlags.neutral(P));
    assertThat(next.flags(R1).rule()).isEqualTo(PromotionRule.PREFER);
    assertThat(next.flags(R2)).isEqualTo(flags(R2, PromotionRule.PREFER_NOT, true, null));
  }

  @Test
  void theChangeStartsFromTheCurrentFlags() {
    ClusterState next = INITIAL.withFlags(R1, f -> new InstanceFlags(f.address(), PromotionRule.PREFER, false,
            Optional.empty()))
        .withFlags(R1, f -> new InstanceFlags(f.address(), f.rule(), true, f.needsRebuild()));

    assertThat(next.flags(R1)).isEqualTo(flags(R1, PromotionRule.PREFER, true, null));
  }

  @Test
  void anInstanceWithoutRecordedFlagsIsNeutral() {
    InstanceAddress stranger = new InstanceAddress("127.0.0.1", 3399);

    assertThat(INITIAL.flags(stranger)).isEqualTo(InstanceFlags.neutral(stranger));
  }

  @Test
  void aMemberAddedByANewTopologyStartsNeutralAndTakesFlags() {
    InstanceAddress r3 = new InstanceAddress("127.0.0.1", 3313);
    ClusterState grown = INITIAL.withFlags(R1, f -> flags(R1, PromotionRule.PREFER, false, null))
        .withTopology(new Topology(P, List.of(R1, R2, r3)));

    assertThat(grown.flags(r3)).isEqualTo(InstanceFlags.neutral(r3));
    assertThat(grown.withFlags(r3, f -> flags(r3, PromotionRule.MUST_NOT, false, null)).flags(r3).rule())
        .isEqualTo(PromotionRule.MUST_NOT);
    assertThat(grown.flags(R1).rule()).isEqualTo(PromotionRule.PREFER);
  }

  @Test
  void settingFlagsKeepsTheRestOfTheState() {
    Instant at = Instant.parse("2025-01-01T00:00:00Z");
    ClusterState busy = INITIAL.withPaused(true).withUnacknowledgedRecovery(Optional.of(at));

    ClusterState next = busy.withFlags(R2, f -> flags(R2, PromotionRule.PREFER, false, null));

    assertThat(next.topology()).isEqualTo(TOPOLOGY);
    assertThat(next.paused()).isTrue();
    assertThat(next.unacknowledgedRecovery()).contains(at);
    assertThat(next.plan()).isEmpty();
  }

  @Test
  void flagsSurviveAFailoversNewTopology() {
    ClusterState before = INITIAL.withFlags(R2, f -> flags(R2, PromotionRule.MUST_NOT, false, null));

    ClusterState after = before.withTopology(new Topology(R1, List.of(P, R2)))
        .withFlags(P, f -> flags(P, PromotionRule.NEUTRAL, true, null));

    assertThat(after.flags(R2).rule()).isEqualTo(PromotionRule.MUST_NOT);
    assertThat(after.flags(P).downtimed()).isTrue();
  }

  @Test
  void writesAreHeldFromAPlansCommitUntilItsNewTopologyIsPublished() {
    RecoveryPlan plan = FailoverPlanner.switchover(TOPOLOGY, R1, false, FailoverSettings.DEFAULTS, "operator");
    ClusterState running = INITIAL.withPlan(Optional.of(new ClusterState.PlanInProgress("s-1", 3, plan)));

    assertThat(INITIAL.writesHeld()).isFalse();
    assertThat(running.writesHeld()).isTrue();
    assertThat(running.withTopology(plan.newTopology()).writesHeld()).isFalse();
    assertThat(running.withPlan(Optional.empty()).writesHeld()).isFalse();
  }
}
