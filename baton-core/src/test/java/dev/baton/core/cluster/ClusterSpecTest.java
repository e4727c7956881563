package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterSpecTest {
  private static final PortPlan SEED_PORTS = PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST);

  private static ClusterSpec spec(String name, String appDatabase) {
    return new ClusterSpec(name, Flavor.MYSQL, "127.0.0.1", 3306, 3307, SEED_PORTS.nodes(), appDatabase, RouterPlacement.PROCESS, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "a", "prod-eu-1", "x0", "abcdefghijabcdefghijabcdefghijabcdefghij"})
  void acceptsLowerCaseNamesStartingWithALetter(String name) {
    assertThat(spec(name, "app").name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Local", "1abc", "-abc", "a_b", "a b", "a.b", "abcdefghijabcdefghijabcdefghijabcdefghijk"})
  void refusesOtherNamesWithOneLineNamingTheValue(String name) {
    assertThatThrownBy(() -> spec(name, "app"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("cluster name '" + name + "'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "_x", "App_1", "a234567890123456789012345678901234567890123456789012345678901234"})
  void acceptsApplicationDatabaseNamesOfLettersDigitsAndUnderscores(String db) {
    assertThat(spec("local", db).appDatabase()).isEqualTo(db);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1app", "app-db", "a b", "app`x", "app;drop", "a2345678901234567890123456789012345678901234567890123456789012345"})
  void refusesOtherApplicationDatabaseNamesWithOneLineNamingTheValue(String db) {
    assertThatThrownBy(() -> spec("local", db))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("application database name '" + db + "'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void refusesAnEvenNumberOfNodes() {
    List<NodeSpec> four = PortPlan.choose(new NodeCount(5), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST).nodes().subList(0, 4);

    assertThatThrownBy(() -> new ClusterSpec("local", Flavor.MYSQL, "127.0.0.1", 3306, 3307, four, "app", RouterPlacement.PROCESS, false))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("odd");
  }

  @Test
  void keepsItsOwnCopyOfTheNodes() {
    List<NodeSpec> nodes = new ArrayList<>(SEED_PORTS.nodes());
    ClusterSpec spec = new ClusterSpec("local", Flavor.MARIADB, "127.0.0.1", 3306, 3307, nodes, "app", RouterPlacement.PROCESS, false);
    nodes.clear();

    assertThat(spec.nodes()).hasSize(3);
    assertThatThrownBy(() -> spec.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofUsesThePlannedPortsAndTheDefaultApplicationDatabase() {
    ClusterSpec spec = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", SEED_PORTS);

    assertThat(spec.appDatabase()).isEqualTo(ClusterSpec.DEFAULT_APP_DATABASE);
    assertThat(spec.writeEndpoint()).isEqualTo(new InstanceAddress("127.0.0.1", 3306));
    assertThat(spec.readEndpoint()).isEqualTo(new InstanceAddress("127.0.0.1", 3307));
    assertThat(spec.instances()).containsExactly(
        new InstanceAddress("127.0.0.1", 3310), new InstanceAddress("127.0.0.1", 3311),
        new InstanceAddress("127.0.0.1", 3312));
    assertThat(spec.allPorts()).isEqualTo(SEED_PORTS.allPorts());
  }

  @Test
  void findsNodesByIdAndByAddress() {
    ClusterSpec spec = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", SEED_PORTS);

    assertThat(spec.node(2).mysqlPort()).isEqualTo(3311);
    assertThat(spec.nodeAt(new InstanceAddress("127.0.0.1", 3312))).map(NodeSpec::id).contains(3);
    assertThat(spec.nodeAt(new InstanceAddress("127.0.0.1", 3306))).isEmpty();
  }

  @Test
  void refusesAnUnknownNodeIdNamingTheValidRange() {
    ClusterSpec spec = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", SEED_PORTS);

    assertThatThrownBy(() -> spec.node(4))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("no node 4")
        .hasMessageContaining("1-3");
  }
}
