package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Topology;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of every plan, whatever the topology and candidate. */
class FailoverPlannerPropertyTest {
  private static final List<InstanceAddress> ADDRESSES =
      IntStream.range(0, 7).mapToObj(i -> new InstanceAddress("10.0.0." + (i + 1), 3306)).toList();

  record Case(Topology topology, InstanceAddress candidate, boolean switchover, boolean startOldPrimary) {
    RecoveryPlan plan() {
      return switchover
          ? FailoverPlanner.switchover(topology, candidate, startOldPrimary, FailoverSettings.DEFAULTS, "test")
          : FailoverPlanner.failover(topology, candidate, FailoverSettings.DEFAULTS, "test");
    }
  }

  @Property
  void theNewTopologyHasTheSameMembersWithTheCandidateAsPrimary(@ForAll("cases") Case c) {
    Topology next = c.plan().newTopology();

    assertThat(next.primary()).isEqualTo(c.candidate());
    assertThat(next.members()).containsExactlyInAnyOrderElementsOf(c.topology().members());
    assertThat(next.replicas()).contains(c.topology().primary());
  }

  @Property
  void thePlanFencesThenPromotesOnceThenPublishesThenRepoints(@ForAll("cases") Case c) {
    List<Step> steps = c.plan().steps();
    int fence = indexOf(steps, s -> s instanceof Step.FenceOldPrimary);
    int promote = indexOf(steps, s -> s instanceof Step.Promote);
    int publish = indexOf(steps, s -> s instanceof Step.PublishTopology);

    assertThat(steps.get(fence)).isEqualTo(new Step.FenceOldPrimary(c.topology().primary(), c.switchover(),
        c.switchover() ? FailoverSettings.DEFAULT_SWITCHOVER_TIMEOUT : FailoverSettings.DEFAULT_DEAD_PRIMARY_FENCE_TIMEOUT));
    assertThat(steps).filteredOn(s -> s instanceof Step.Promote).containsExactly(new Step.Promote(c.candidate()));
    assertThat(steps).filteredOn(s -> s instanceof Step.PublishTopology)
        .containsExactly(new Step.PublishTopology(c.plan().newTopology()));
    // Writes resume with the publication: it comes right after the promotion, every repoint after it.
    assertThat(fence).isLessThan(promote);
    assertThat(publish).isEqualTo(promote + 1);
    assertThat(steps.subList(publish + 1, steps.size())).allSatisfy(s -> assertThat(s).isInstanceOf(Step.Repoint.class));
  }

  @Property
  void onlyASwitchoverHoldsWritesAndItDoesSoBeforeTheFence(@ForAll("cases") Case c) {
    List<Step> steps = c.plan().steps();

    if (c.switchover()) {
      assertThat(steps.get(0)).isEqualTo(new Step.HoldWrites(c.topology().primary(),
          FailoverSettings.DEFAULT_WRITE_HOLD_TIMEOUT));
      assertThat(steps.get(1)).isInstanceOf(Step.FenceOldPrimary.class);
      assertThat(steps.get(steps.size() - 1))
          .isEqualTo(new Step.Repoint(c.topology().primary(), c.candidate(), c.startOldPrimary()));
    } else {
      assertThat(steps).noneMatch(s -> s instanceof Step.HoldWrites);
      assertThat(steps.get(0)).isInstanceOf(Step.FenceOldPrimary.class);
    }
  }

  private static int indexOf(List<Step> steps, Predicate<Step> which) {
    return IntStream.range(0, steps.size()).filter(i -> which.test(steps.get(i))).findFirst().orElseThrow();
  }

  @Property
  void everyOtherMemberIsRepointedToTheCandidateAtMostOnce(@ForAll("cases") Case c) {
    List<Step.Repoint> repoints = c.plan().steps().stream()
        .filter(s -> s instanceof Step.Repoint).map(s -> (Step.Repoint) s).toList();

    assertThat(repoints).allSatisfy(r -> assertThat(r.source()).isEqualTo(c.candidate()));
    assertThat(repoints).extracting(Step.Repoint::instance).doesNotHaveDuplicates().doesNotContain(c.candidate());
    List<InstanceAddress> others = c.topology().replicas().stream().filter(r -> !r.equals(c.candidate())).toList();
    assertThat(repoints).extracting(Step.Repoint::instance).containsAll(others);
    boolean oldPrimaryRepointed = repoints.stream().anyMatch(r -> r.instance().equals(c.topology().primary()));
    assertThat(oldPrimaryRepointed).as("old primary repointed").isEqualTo(c.switchover());
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.integers().between(2, ADDRESSES.size()).flatMap(size -> Combinators.combine(
            Arbitraries.shuffle(ADDRESSES.subList(0, size)), Arbitraries.integers().between(1, size - 1),
            Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((members, candidate, switchover, start) -> new Case(
            new Topology(members.get(0), members.subList(1, size)), members.get(candidate), switchover, start)));
  }
}
