package dev.baton.core.topology;

import static dev.baton.core.topology.Observations.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InstanceAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
  private static final InstanceAddress A = address(3310);
  private static final InstanceAddress B = address(3311);
  private static final InstanceAddress C = address(3312);

  @Test
  void rolesFollowTheIntendedShape() {
    Topology t = new Topology(A, List.of(B, C));

    assertThat(t.roleOf(A)).isEqualTo(Role.PRIMARY);
    assertThat(t.roleOf(B)).isEqualTo(Role.REPLICA);
    assertThat(t.roleOf(C)).isEqualTo(Role.REPLICA);
  }

  @Test
  void roleOfANonMemberIsRefusedNamingTheAddress() {
    Topology t = new Topology(A, List.of(B));

    assertThatThrownBy(() -> t.roleOf(C))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(C.toString());
  }

  @Test
  void refusesAPrimaryThatIsAlsoAReplica() {
    assertThatThrownBy(() -> new Topology(A, List.of(B, A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("primary " + A);
  }

  @Test
  void refusesAMissingPrimary() {
    assertThatThrownBy(() -> new Topology(null, List.of(B))).isInstanceOf(NullPointerException.class);
  }

  @Test
  void membersArePrimaryFirstThenReplicasInOrder() {
    assertThat(new Topology(A, List.of(C, B)).members()).containsExactly(A, C, B);
  }

  @Test
  void keepsItsOwnCopyOfTheReplicas() {
    List<InstanceAddress> replicas = new ArrayList<>(List.of(B, C));
    Topology t = new Topology(A, replicas);
    replicas.add(address(3313));

    assertThat(t.replicas()).containsExactly(B, C);
  }

  @Test
  void roleIdsAreLowerCase() {
    assertThat(Role.PRIMARY.id()).isEqualTo("primary");
    assertThat(Role.REPLICA.id()).isEqualTo("replica");
  }
}
