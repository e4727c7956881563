package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteRestoreTest {
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
  private static final InstanceAddress P = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress R1 = new InstanceAddress("127.0.0.1", 3311);
  private static final Topology TOPOLOGY = new Topology(P, List.of(R1));
  private static final ClusterState STATE = ClusterState.initial(TOPOLOGY);

  private final Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();

  private static InstanceObservation instance(InstanceAddress a, boolean readOnly, Optional<ReplicaStatus> replica) {
    return new InstanceObservation(a, AT, true, Optional.empty(), "8.4.0", "", readOnly, readOnly, "", replica);
  }

  @BeforeEach
  void aReplicaFollowsAReadOnlyPrimary() {
    seen.put(P, instance(P, true, Optional.empty()));
    seen.put(R1, instance(R1, true, Optional.of(new ReplicaStatus(P, true, true, Optional.of(0L), Optional.empty(), ""))));
  }

  @Test
  void aReadOnlyPrimaryWithNothingUnderWayGetsItsWritesBack() {
    assertThat(WriteRestore.decide(STATE, seen)).contains(P);
  }

  @Test
  void aWritablePrimaryNeedsNothing() {
    seen.put(P, instance(P, false, Optional.empty()));

    assertThat(WriteRestore.decide(STATE, seen)).isEmpty();
  }

  @Test
  void nothingIsDoneWhilePausedOrWhileAPlanRuns() {
    RecoveryPlan plan = FailoverPlanner.switchover(TOPOLOGY, R1, false, FailoverSettings.DEFAULTS, "operator");

    assertThat(WriteRestore.decide(STATE.withPaused(true), seen)).isEmpty();
    assertThat(WriteRestore.decide(STATE.withPlan(Optional.of(new ClusterState.PlanInProgress("s", 1, plan))), seen))
        .isEmpty();
  }

  @Test
  void nothingIsDoneWhenAnotherMemberAcceptsWritesOrThePrimaryReplicates() {
    seen.put(R1, instance(R1, false, Optional.empty()));
    assertThat(WriteRestore.decide(STATE, seen)).isEmpty();

    seen.put(R1, instance(R1, true, Optional.empty()));
    seen.put(P, instance(P, true, Optional.of(new ReplicaStatus(R1, true, true, Optional.empty(), Optional.empty(), ""))));
    assertThat(WriteRestore.decide(STATE, seen)).isEmpty();
  }

  @Test
  void anUnreachablePrimaryIsLeftToTheFailureAnalysis() {
    seen.put(P, InstanceObservation.unreachable(P, AT, "Connection refused"));

    assertThat(WriteRestore.decide(STATE, seen)).isEmpty();
  }
}
