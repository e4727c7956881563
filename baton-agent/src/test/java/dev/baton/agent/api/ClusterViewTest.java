package dev.baton.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.agent.routing.FollowingRouters;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.LagLimits;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Routing;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON that {@code GET /api/cluster/{name}} and {@code baton status --json} print: a contract with scripts. */
class ClusterViewTest {
  private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");
  private static final String API = "http://127.0.0.1:3000";
  private static final ClusterSpec SPEC =
      ClusterSpec.of("local", Flavor.MYSQL, "127.0.0.1", PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST));
  private static final InstanceAddress N1 = SPEC.address(SPEC.node(1));
  private static final InstanceAddress N2 = SPEC.address(SPEC.node(2));
  private static final InstanceAddress N3 = SPEC.address(SPEC.node(3));
  private static final Topology TOPOLOGY = new Topology(N1, List.of(N2, N3));
  private static final String GTIDS = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-42";

  private static InstanceObservation primary() {
    return new InstanceObservation(N1, AT, true, Optional.empty(), "8.4.3", "uuid-1", false, false, GTIDS,
        Optional.empty());
  }

  private static InstanceObservation replica(InstanceAddress a, long lag) {
    ReplicaStatus status = new ReplicaStatus(N1, true, true, Optional.of(lag), Optional.empty(), GTIDS);
    return new InstanceObservation(a, AT, true, Optional.empty(), "8.4.3", "uuid-" + a.port(), true, true, GTIDS,
        Optional.of(status));
  }

  private static JsonNode json(Map<InstanceAddress, InstanceObservation> observations, Optional<Topology> topology)
      throws Exception {
    Routing routing = topology.map(t -> Routing.decide(t, observations, Routing.NONE, LagLimits.DEFAULTS, true))
        .orElse(Routing.NONE);
    ClusterView view = ClusterView.of(SPEC, new ClusterSnapshot(AT, topology, observations, Optional.empty(), routing), 7, new FollowingRouters.Standing(List.of(), List.of()), API,
        topology.map(ClusterState::initial), new ClusterView.ManagerView(API, false, List.of()));
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(view));
  }

  private static Map<InstanceAddress, InstanceObservation> healthy() {
    Map<InstanceAddress, InstanceObservation> o = new HashMap<>();
    o.put(N1, primary());
    o.put(N2, replica(N2, 0));
    o.put(N3, replica(N3, 3));
    return o;
  }

  private static JsonNode healthyJson() throws Exception {
    return json(healthy(), Optional.of(TOPOLOGY));
  }

  @Test
  void topLevelNamesTheClusterItsFlavorAndItsPrimary() throws Exception {
    JsonNode j = healthyJson();

    assertThat(j.get("cluster").asText()).isEqualTo("local");
    assertThat(j.get("flavor").asText()).isEqualTo("mysql");
    assertThat(j.get("primary").asText()).isEqualTo("127.0.0.1:3310");
    assertThat(j.get("observedAt").asText()).isEqualTo("2025-03-01T12:00:00Z");
  }

  @Test
  void endpointsNameWriteReadAndApi() throws Exception {
    JsonNode endpoints = healthyJson().get("endpoints");

    assertThat(endpoints.get("write").asText()).isEqualTo("127.0.0.1:3306");
    assertThat(endpoints.get("read").asText()).isEqualTo("127.0.0.1:3307");
    assertThat(endpoints.get("api").asText()).isEqualTo(API);
  }

  @Test
  void instancesAreListedInNodeOrderWithTheirRoles() throws Exception {
    JsonNode instances = healthyJson().get("instances");

    assertThat(instances).hasSize(3);
    assertThat(instances.get(0).get("address").asText()).isEqualTo("127.0.0.1:3310");
    assertThat(instances.get(0).get("node").asInt()).isEqualTo(1);
    assertThat(instances.get(0).get("role").asText()).isEqualTo("primary");
    assertThat(instances.get(1).get("address").asText()).isEqualTo("127.0.0.1:3311");
    assertThat(instances.get(1).get("role").asText()).isEqualTo("replica");
    assertThat(instances.get(2).get("role").asText()).isEqualTo("replica");
  }

  @Test
  void thePrimaryIsWritableAndHasNoLag() throws Exception {
    JsonNode p = healthyJson().get("instances").get(0);

    assertThat(p.get("reachable").asBoolean()).isTrue();
    assertThat(p.get("replicating").asBoolean()).isFalse();
    assertThat(p.has("lagSeconds")).isTrue();
    assertThat(p.get("lagSeconds").isNull()).isTrue();
    assertThat(p.get("gtidExecuted").asText()).isEqualTo(GTIDS);
    assertThat(p.get("readOnly").asBoolean()).isFalse();
    assertThat(p.get("superReadOnly").asBoolean()).isFalse();
    assertThat(p.get("source").isNull()).isTrue();
    assertThat(p.get("lastError").isNull()).isTrue();
  }

  @Test
  void replicasShowTheirReplicationAndLag() throws Exception {
    JsonNode r = healthyJson().get("instances").get(2);

    assertThat(r.get("reachable").asBoolean()).isTrue();
    assertThat(r.get("replicating").asBoolean()).isTrue();
    assertThat(r.get("lagSeconds").isNumber()).isTrue();
    assertThat(r.get("lagSeconds").asLong()).isEqualTo(3);
    assertThat(r.get("readOnly").asBoolean()).isTrue();
    assertThat(r.get("superReadOnly").asBoolean()).isTrue();
    assertThat(r.get("ioRunning").asBoolean()).isTrue();
    assertThat(r.get("sqlRunning").asBoolean()).isTrue();
    assertThat(r.get("source").asText()).isEqualTo("127.0.0.1:3310");
    assertThat(r.get("serverUuid").asText()).isEqualTo("uuid-3312");
  }

  @Test
  void routingShowsItsVersionWriteTargetAndReadTargets() throws Exception {
    JsonNode routing = healthyJson().get("routing");

    assertThat(routing.get("version").asLong()).isEqualTo(7);
    assertThat(routing.get("write").asText()).isEqualTo("127.0.0.1:3310");
    assertThat(routing.get("read")).extracting(JsonNode::asText).containsExactly("127.0.0.1:3311", "127.0.0.1:3312");
  }

  @Test
  void anUnreachableInstanceShowsItsError() throws Exception {
    Map<InstanceAddress, InstanceObservation> o = healthy();
    o.put(N2, InstanceObservation.unreachable(N2, AT, "Communications link failure"));

    JsonNode r = json(o, Optional.of(TOPOLOGY)).get("instances").get(1);

    assertThat(r.get("reachable").asBoolean()).isFalse();
    assertThat(r.get("replicating").asBoolean()).isFalse();
    assertThat(r.get("lagSeconds").isNull()).isTrue();
    assertThat(r.get("lastError").asText()).isEqualTo("Communications link failure");
  }

  @Test
  void aReplicationErrorIsShownAsTheLastError() throws Exception {
    Map<InstanceAddress, InstanceObservation> o = healthy();
    ReplicaStatus broken = new ReplicaStatus(N1, true, false, Optional.empty(), Optional.of("Error 1062"), GTIDS);
    o.put(N3, new InstanceObservation(N3, AT, true, Optional.empty(), "8.4.3", "u3", true, true, GTIDS,
        Optional.of(broken)));

    JsonNode j = json(o, Optional.of(TOPOLOGY));
    JsonNode r = j.get("instances").get(2);

    assertThat(r.get("replicating").asBoolean()).isFalse();
    assertThat(r.get("sqlRunning").asBoolean()).isFalse();
    assertThat(r.get("lastError").asText()).isEqualTo("Error 1062");
    assertThat(j.get("routing").get("read")).extracting(JsonNode::asText).containsExactly("127.0.0.1:3311");
  }

  @Test
  void anInstanceNotYetProbedIsShownUnreachable() throws Exception {
    Map<InstanceAddress, InstanceObservation> o = healthy();
    o.remove(N3);

    JsonNode r = json(o, Optional.of(TOPOLOGY)).get("instances").get(2);

    assertThat(r.get("reachable").asBoolean()).isFalse();
    assertThat(r.get("lastError").asText()).isEqualTo("not probed yet");
  }

  @Test
  void beforeTheTopologyIsKnownThereIsNoPrimaryAndNoWriteTarget() throws Exception {
    JsonNode j = json(Map.of(), Optional.empty());

    assertThat(j.get("primary").isNull()).isTrue();
    assertThat(j.get("routing").get("write").isNull()).isTrue();
    assertThat(j.get("routing").get("read")).isEmpty();
    assertThat(j.get("instances")).hasSize(3);
  }
}
