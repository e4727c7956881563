package dev.baton.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.cluster.RouterPlacement;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppedDaemonsTest {
  private static final ClusterSpec SPEC = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1",
      PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST));

  @Test
  void aStoppedClusterStartsEveryDaemonAndARouterProcessOnlyWhenItHasOne() {
    assertThat(StoppedDaemons.all(SPEC)).isEqualTo(new StoppedDaemons(SPEC.nodes(), true, true));
    assertThat(StoppedDaemons.all(SPEC.withRouter(RouterPlacement.AGENTS)).router()).isFalse();
  }

  @Test
  void itsPortsAreThoseOfTheDaemonsToStart() {
    NodeSpec node2 = SPEC.node(2);

    assertThat(new StoppedDaemons(List.of(node2), false, true).ports(SPEC))
        .containsExactly(node2.apiPort(), node2.raftPort());
    assertThat(new StoppedDaemons(List.of(), true, false).ports(SPEC))
        .containsExactly(SPEC.writePort(), SPEC.readPort());
  }

  @Test
  void describesWhatItStartsInOneSentence() {
    assertThat(new StoppedDaemons(List.of(SPEC.node(2)), false, false).describe()).isEqualTo("the agent of node2");
    assertThat(new StoppedDaemons(List.of(), true, true).describe()).isEqualTo("the router and the archiver");
    assertThat(new StoppedDaemons(List.of(SPEC.node(1), SPEC.node(3)), true, false).describe())
        .isEqualTo("the agent of node1, the agent of node3 and the router");
    assertThat(new StoppedDaemons(List.of(), false, false).none()).isTrue();
  }
}
