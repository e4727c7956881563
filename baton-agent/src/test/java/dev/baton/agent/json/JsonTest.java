package dev.baton.agent.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.cluster.RouterPlacement;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.failover.FailoverPlanner;
import dev.baton.core.failover.FailoverSettings;
import dev.baton.core.failover.RecoveryPlan;
import dev.baton.core.failover.Step;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final PortPlan PORTS = PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST);

  @Test
  void clusterSpecWritesItsFlavorById() throws Exception {
    ClusterSpec spec = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", PORTS);

    JsonNode j = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(spec));

    assertThat(j.get("flavor").asText()).isEqualTo("mysql");
    assertThat(j.get("name").asText()).isEqualTo("local");
    assertThat(j.get("appDatabase").asText()).isEqualTo("app");
    assertThat(j.get("nodes")).hasSize(3);
  }

  @Test
  void clusterSpecRoundTripsForEveryFlavor() throws Exception {
    for (Flavor flavor : Flavor.values()) {
      ClusterSpec spec = ClusterSpec.of("prod-1", flavor, "10.0.0.5", PortPlan.choose(new NodeCount(5), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST));

      String json = Json.MAPPER.writeValueAsString(spec);

      assertThat(Json.MAPPER.readValue(json, ClusterSpec.class)).isEqualTo(spec);
    }
  }

  @Test
  void aClusterSpecWrittenBeforeRouterPlacementAndProxyProtocolRunsARouterProcessWithoutHeaders() throws Exception {
    String old = "{\"name\":\"local\",\"flavor\":\"mysql\",\"host\":\"127.0.0.1\",\"writePort\":3306,"
        + "\"readPort\":3307,\"nodes\":" + Json.MAPPER.writeValueAsString(PORTS.nodes()) + ",\"appDatabase\":\"app\"}";
    ClusterSpec agents = ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", PORTS).withRouter(RouterPlacement.AGENTS);

    assertThat(Json.MAPPER.readValue(old, ClusterSpec.class).router()).isEqualTo(RouterPlacement.PROCESS);
    assertThat(Json.MAPPER.readValue(old, ClusterSpec.class).proxyProtocol()).isFalse();
    assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(agents)).get("router").asText()).isEqualTo("agents");
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(agents), ClusterSpec.class)).isEqualTo(agents);
    ClusterSpec headers = agents.withProxyProtocol(true);
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(headers), ClusterSpec.class)).isEqualTo(headers);
  }

  @Test
  void readingAClusterSpecValidatesIt() {
    String json = "{\"name\":\"Bad Name\",\"flavor\":\"mysql\",\"host\":\"127.0.0.1\",\"writePort\":3306,"
        + "\"readPort\":3307,\"nodes\":[],\"appDatabase\":\"app\"}";

    assertThat(catchThrowable(() -> Json.MAPPER.readValue(json, ClusterSpec.class)))
        .hasRootCauseInstanceOf(InvalidSettingException.class);
  }

  @Test
  void topologyRoundTrips() throws Exception {
    Topology t = new Topology(new InstanceAddress("::1", 3310),
        List.of(new InstanceAddress("::1", 3311), new InstanceAddress("::1", 3312)));

    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(t), Topology.class)).isEqualTo(t);
  }

  @Test
  void aClusterStateWithAPlanInProgressRoundTripsForEveryKindOfStep() throws Exception {
    Topology t = new Topology(new InstanceAddress("127.0.0.1", 3310),
        List.of(new InstanceAddress("127.0.0.1", 3311), new InstanceAddress("127.0.0.1", 3312)));
    List<RecoveryPlan> plans = List.of(
        FailoverPlanner.failover(t, t.replicas().get(0), FailoverSettings.DEFAULTS, "DeadPrimary"),
        FailoverPlanner.switchover(t, t.replicas().get(1), true, FailoverSettings.DEFAULTS, "operator"));
    Set<Class<?>> kinds = new HashSet<>();

    for (RecoveryPlan plan : plans) {
      ClusterState st = ClusterState.initial(t).withPlan(Optional.of(new ClusterState.PlanInProgress("r-1", 7, plan)));
      assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(st), ClusterState.class)).isEqualTo(st);
      plan.steps().forEach(step -> kinds.add(step.getClass()));
    }
    // A step the planner never emits could not be written in a plan; every kind must be covered.
    assertThat(kinds).containsExactlyInAnyOrder(Step.class.getPermittedSubclasses());
  }

  @Test
  void instantsAreWrittenAsIsoText() throws Exception {
    assertThat(Json.MAPPER.writeValueAsString(Instant.parse("2025-03-01T12:00:00Z")))
        .isEqualTo("\"2025-03-01T12:00:00Z\"");
  }

  @Test
  void unknownPropertiesAreIgnoredSoNewerFilesStillLoad() throws Exception {
    String json = "{\"host\":\"127.0.0.1\",\"port\":3310,\"addedLater\":true}";

    assertThat(Json.MAPPER.readValue(json, InstanceAddress.class)).isEqualTo(new InstanceAddress("127.0.0.1", 3310));
  }
}
