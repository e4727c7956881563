package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouterPlacementTest {

  @ParameterizedTest
  @EnumSource(RouterPlacement.class)
  void everyPlacementParsesFromItsOwnIdInAnyCase(RouterPlacement p) {
    assertThat(RouterPlacement.parse(p.id())).isEqualTo(p);
    assertThat(RouterPlacement.parse(" " + p.id().toUpperCase() + " ")).isEqualTo(p);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "agent", "proc", "in-agent"})
  void anythingElseIsRefusedWithOneLineListingTheChoices(String text) {
    assertThatThrownBy(() -> RouterPlacement.parse(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("router placement '" + text + "'")
        .hasMessageEndingWith("use one of process, agents")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aClusterSpecWithoutOneRunsARouterProcess() {
    ClusterSpec spec = new ClusterSpec("local", Flavor.MYSQL, "127.0.0.1", 3306, 3307,
        PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST).nodes(), "app", null, false);

    assertThat(spec.router()).isEqualTo(RouterPlacement.PROCESS);
    assertThat(spec.withRouter(RouterPlacement.AGENTS)).isEqualTo(new ClusterSpec("local", Flavor.MYSQL, "127.0.0.1",
        3306, 3307, spec.nodes(), "app", RouterPlacement.AGENTS, false));
  }
}
