package dev.baton.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Routing;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status codes of the load balancers' checks, per role and state of the agent's own instance. */
class RoleCheckTest {
  private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");
  private static final InstanceAddress P = InstanceAddress.parse("127.0.0.1:3310");
  private static final InstanceAddress R = InstanceAddress.parse("127.0.0.1:3311");
  private static final InstanceAddress OTHER = InstanceAddress.parse("127.0.0.1:3312");
  private static final Topology TOPOLOGY = new Topology(P, List.of(R, OTHER));

  private final Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();
  private Optional<Topology> topology = Optional.of(TOPOLOGY);

  private static InstanceObservation primary(boolean readOnly) {
    return new InstanceObservation(P, AT, true, Optional.empty(), "9.7.0", "u1", readOnly, false, "", Optional.empty());
  }

  private static InstanceObservation replica(InstanceAddress source, boolean sqlRunning, Optional<Long> lag) {
    ReplicaStatus status = new ReplicaStatus(source, true, sqlRunning, lag, Optional.empty(), "");
    return new InstanceObservation(R, AT, true, Optional.empty(), "9.7.0", "u2", true, true, "", Optional.of(status));
  }

  private int status(InstanceAddress self, String path, Map<String, String> query) {
    return answer(self, path, query, AT.plusSeconds(1)).status();
  }

  private int status(InstanceAddress self, String path) {
    return status(self, path, Map.of());
  }

  private RoleCheck.Answer answer(InstanceAddress self, String path, Map<String, String> query, Instant now) {
    ClusterSnapshot snapshot = new ClusterSnapshot(AT, topology, seen, Optional.empty(), Routing.NONE);
    return RoleCheck.answer(path, query, self, snapshot, now);
  }

  @Test
  void theWritablePrimaryPassesPrimaryReadOnlyAndHealthButNotReplica() {
    seen.put(P, primary(false));

    assertThat(status(P, "primary")).isEqualTo(200);
    assertThat(status(P, "read-only")).isEqualTo(200);
    assertThat(status(P, "health")).isEqualTo(200);
    assertThat(status(P, "replica")).isEqualTo(503);
  }

  @Test
  void aFencedPrimaryIsNoLongerPrimaryButStillUp() {
    seen.put(P, primary(true));

    assertThat(status(P, "primary")).isEqualTo(503);
    assertThat(status(P, "read-only")).isEqualTo(503);
    assertThat(status(P, "health")).isEqualTo(200);
  }

  @Test
  void aWritableInstanceThatTheTopologyDoesNotCallPrimaryIsNotPrimary() {
    seen.put(P, primary(false));
    topology = Optional.of(new Topology(OTHER, List.of(P, R)));

    assertThat(status(P, "primary")).isEqualTo(503);
    topology = Optional.empty();
    assertThat(status(P, "primary")).isEqualTo(503);
  }

  @Test
  void aReplicatingReplicaPassesReplicaReadOnlyAndHealthButNotPrimary() {
    seen.put(R, replica(P, true, Optional.of(3L)));

    assertThat(status(R, "replica")).isEqualTo(200);
    assertThat(status(R, "read-only")).isEqualTo(200);
    assertThat(status(R, "health")).isEqualTo(200);
    assertThat(status(R, "primary")).isEqualTo(503);
  }

  @Test
  void aReplicaWhoseApplierStoppedOrThatFollowsAnotherSourceFailsReplica() {
    seen.put(R, replica(P, false, Optional.empty()));
    assertThat(status(R, "replica")).isEqualTo(503);
    assertThat(status(R, "health")).isEqualTo(200);

    seen.put(R, replica(OTHER, true, Optional.of(0L)));
    assertThat(status(R, "replica")).isEqualTo(503);
  }

  @Test
  void theLagParameterBoundsHowFarBehindAReplicaMayBe() {
    seen.put(R, replica(P, true, Optional.of(12L)));

    assertThat(status(R, "replica", Map.of("lag", "12"))).isEqualTo(200);
    assertThat(status(R, "replica", Map.of("lag", "11"))).isEqualTo(503);
    assertThat(status(R, "read-only", Map.of("lag", "5"))).isEqualTo(503);
    seen.put(R, replica(P, true, Optional.empty()));
    assertThat(status(R, "replica", Map.of("lag", "100"))).as("unknown lag").isEqualTo(503);
  }

  @Test
  void aMalformedLagIsABadRequest() {
    seen.put(R, replica(P, true, Optional.of(0L)));

    assertThat(status(R, "replica", Map.of("lag", "10s"))).isEqualTo(400);
    assertThat(status(R, "replica", Map.of("lag", "-1"))).isEqualTo(400);
  }

  @Test
  void anUnreachableOrUnobservedInstanceFailsEverything() {
    seen.put(P, InstanceObservation.unreachable(P, AT, "Connection refused"));
    for (String path : RoleCheck.PATHS) {
      assertThat(status(P, path)).as(path).isEqualTo(503);
      assertThat(status(R, path)).as(path + " of an instance never observed").isEqualTo(503);
    }
  }

  @Test
  void aStaleObservationFailsEverything() {
    seen.put(P, primary(false));
    Instant late = AT.plus(RoleCheck.MAX_OBSERVATION_AGE).plusSeconds(1);

    for (String path : RoleCheck.PATHS) {
      RoleCheck.Answer a = answer(P, path, Map.of(), late);
      assertThat(a.status()).as(path).isEqualTo(503);
      assertThat(a.body()).containsEntry("fresh", false);
    }
    assertThat(answer(P, "primary", Map.of(), AT.plus(RoleCheck.MAX_OBSERVATION_AGE)).status()).isEqualTo(200);
  }

  @Test
  void theBodySaysWhy() {
    seen.put(R, replica(P, true, Optional.of(4L)));

    assertThat(answer(R, "primary", Map.of(), AT).body())
        .containsEntry("instance", "127.0.0.1:3311")
        .containsEntry("role", "replica")
        .containsEntry("primary", false)
        .containsEntry("replica", true)
        .containsEntry("lagSeconds", 4L);
  }
}
