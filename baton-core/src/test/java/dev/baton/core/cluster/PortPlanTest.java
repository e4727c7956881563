package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PortPlanTest {
  private static final String HOST = ClusterSpec.DEFAULT_HOST;

  @Test
  void usesTheSeedPortsWhenAllAreFree() {
    PortPlan plan = PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, HOST);

    assertThat(plan.writePort()).isEqualTo(3306);
    assertThat(plan.readPort()).isEqualTo(3307);
    assertThat(plan.nodes()).containsExactly(
        new NodeSpec(1, 3310, 3000, 10008),
        new NodeSpec(2, 3311, 3001, 10009),
        new NodeSpec(3, 3312, 3002, 10010));
  }

  @Test
  void skipsABusyPortToTheNextFreeOne() {
    PortPlan plan = PortPlan.choose(new NodeCount(3), p -> p != 3306 && p != 3311, RequestedPorts.NONE, HOST);

    assertThat(plan.writePort()).isEqualTo(3307);
    assertThat(plan.readPort()).isEqualTo(3308);
    assertThat(plan.nodes()).extracting(NodeSpec::mysqlPort).containsExactly(3310, 3312, 3313);
  }

  @Test
  void refusesWhenNoPortIsFreeNamingTheEndpointAndTheRange() {
    assertThatThrownBy(() -> PortPlan.choose(new NodeCount(3), p -> false, RequestedPorts.NONE, HOST))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("write endpoint")
        .hasMessageContaining("3306")
        .hasMessageContaining("5305");
  }

  @Test
  void refusesWhenTheWholeSearchSpanOfOnePurposeIsBusy() {
    int first = PortPlan.FIRST_RAFT_PORT;
    assertThatThrownBy(() -> PortPlan.choose(new NodeCount(3), p -> p < first || p >= first + PortPlan.SEARCH_SPAN, RequestedPorts.NONE, HOST))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("Raft of node1");
  }

  @Test
  void allPortsListsEndpointsThenEachNodesPorts() {
    PortPlan plan = new PortPlan(1, 2, List.of(new NodeSpec(1, 3, 4, 5), new NodeSpec(2, 6, 7, 8)));

    assertThat(plan.allPorts()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void requestedEndpointPortsAreUsedAsGivenAndNoChosenPortTakesThem() {
    RequestedPorts requested = new RequestedPorts(OptionalInt.of(3310), OptionalInt.of(3306));

    PortPlan plan = PortPlan.choose(new NodeCount(3), p -> true, requested, HOST);

    assertThat(plan.writePort()).isEqualTo(3310);
    assertThat(plan.readPort()).isEqualTo(3306);
    assertThat(plan.nodes()).extracting(NodeSpec::mysqlPort).containsExactly(3311, 3312, 3313);
  }

  @Test
  void aTakenRequestedPortIsRefusedNamingPortOptionAndWhatToDo() {
    RequestedPorts requested = new RequestedPorts(OptionalInt.empty(), OptionalInt.of(4407));

    assertThatThrownBy(() -> PortPlan.choose(new NodeCount(3), p -> p != 4407, requested, HOST))
        .isInstanceOf(ClusterStateException.class)
        .hasMessage("port 127.0.0.1:4407 (--read-port) is taken by another program: stop it, or choose another"
            + " --read-port");
  }
}
