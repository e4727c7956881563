package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PortPlanPropertyTest {
  private static final String HOST = ClusterSpec.DEFAULT_HOST;

  @Property
  void chosenPortsAreDistinct(@ForAll("counts") NodeCount count, @ForAll("busyPorts") Set<Integer> busy) {
    List<Integer> ports = PortPlan.choose(count, free(busy), RequestedPorts.NONE, HOST).allPorts();

    assertThat(ports).doesNotHaveDuplicates().hasSize(2 + 3 * count.value());
  }

  @Property
  void everyChosenPortIsFree(@ForAll("counts") NodeCount count, @ForAll("busyPorts") Set<Integer> busy) {
    List<Integer> ports = PortPlan.choose(count, free(busy), RequestedPorts.NONE, HOST).allPorts();

    assertThat(ports).allSatisfy(p -> assertThat(busy).doesNotContain(p));
  }

  @Property
  void theWriteEndpointGetsTheFirstFreePortFromTheSeedsOne(@ForAll("counts") NodeCount count,
      @ForAll("busyPorts") Set<Integer> busy) {
    int expected = IntStream.iterate(PortPlan.WRITE_PORT, p -> p + 1).filter(free(busy)).findFirst().orElseThrow();

    assertThat(PortPlan.choose(count, free(busy), RequestedPorts.NONE, HOST).writePort()).isEqualTo(expected);
  }

  @Property
  void portsAreNeverBelowTheSeedsAndGrowFromNodeToNode(@ForAll("counts") NodeCount count,
      @ForAll("busyPorts") Set<Integer> busy) {
    PortPlan plan = PortPlan.choose(count, free(busy), RequestedPorts.NONE, HOST);

    assertThat(plan.writePort()).isGreaterThanOrEqualTo(PortPlan.WRITE_PORT);
    assertThat(plan.readPort()).isGreaterThanOrEqualTo(PortPlan.READ_PORT);
    assertThat(plan.nodes()).extracting(NodeSpec::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, count.value()).boxed().toList());
    assertThat(plan.nodes()).extracting(NodeSpec::mysqlPort).isSorted().allSatisfy(
        p -> assertThat(p).isGreaterThanOrEqualTo(PortPlan.FIRST_INSTANCE_PORT));
    assertThat(plan.nodes()).extracting(NodeSpec::apiPort).isSorted().allSatisfy(
        p -> assertThat(p).isGreaterThanOrEqualTo(PortPlan.FIRST_API_PORT));
    assertThat(plan.nodes()).extracting(NodeSpec::raftPort).isSorted().allSatisfy(
        p -> assertThat(p).isGreaterThanOrEqualTo(PortPlan.FIRST_RAFT_PORT));
  }

  @Property
  void whenEveryPortIsFreeTheSeedsPortsAreUsedExactly(@ForAll("counts") NodeCount count) {
    PortPlan plan = PortPlan.choose(count, p -> true, RequestedPorts.NONE, HOST);

    assertThat(plan.writePort()).isEqualTo(3306);
    assertThat(plan.readPort()).isEqualTo(3307);
    for (NodeSpec n : plan.nodes()) {
      assertThat(n.mysqlPort()).isEqualTo(3310 + n.id() - 1);
      assertThat(n.apiPort()).isEqualTo(3000 + n.id() - 1);
      assertThat(n.raftPort()).isEqualTo(10008 + n.id() - 1);
    }
  }

  @Property
  void whenNothingIsFreeTheChoiceIsRefused(@ForAll("counts") NodeCount count) {
    assertThatThrownBy(() -> PortPlan.choose(count, p -> false, RequestedPorts.NONE, HOST)).isInstanceOf(InvalidSettingException.class);
  }

  @Provide
  Arbitrary<NodeCount> counts() {
    return Arbitraries.of(3, 5, 7).map(NodeCount::new);
  }

  /** Busy ports clustered around the seed's ports, where they collide with the plan. */
  @Provide
  Arbitrary<Set<Integer>> busyPorts() {
    Arbitrary<Integer> nearSeed = Arbitraries.oneOf(
        Arbitraries.integers().between(2995, 3030),
        Arbitraries.integers().between(3300, 3340),
        Arbitraries.integers().between(10000, 10040));
    return nearSeed.set().ofMaxSize(80).map(HashSet::new);
  }

  private static IntPredicate free(Set<Integer> busy) {
    return p -> !busy.contains(p);
  }
}
