package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipChangeTest {
  private static final Peer N1 = peer("n1", 10008);
  private static final Peer N2 = peer("n2", 10009);
  private static final Peer N3 = peer("n3", 10010);
  private static final List<Peer> THREE = List.of(N1, N2, N3);

  @Test
  void aNewPeerIsAddedAtTheEnd() {
    assertThat(MembershipChange.adding(THREE, peer("n4", 10011))).containsExactly(N1, N2, N3, peer("n4", 10011));
  }

  @Test
  void anIdOrAddressAlreadyInTheGroupIsRefused() {
    assertThatThrownBy(() -> MembershipChange.adding(THREE, peer("n2", 10020)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("Raft peer id 'n2' is already a member (n2@127.0.0.1:10009); members: n1, n2, n3");
    assertThatThrownBy(() -> MembershipChange.adding(THREE, peer("n4", 10010)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("Raft address 127.0.0.1:10010 is already used by peer n3@127.0.0.1:10010;"
            + " give the new peer an address of its own");
  }

  @Test
  void aDeadPeerMayBeRemovedWhileTheOthersAnswer() {
    assertThat(MembershipChange.removing(THREE, "n3", Set.of("n1", "n2"))).containsExactly(N1, N2);
  }

  @Test
  void anUnknownPeerCannotBeRemoved() {
    assertThatThrownBy(() -> MembershipChange.removing(THREE, "n9", Set.of("n1", "n2", "n3")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("no Raft peer 'n9'; members: n1, n2, n3");
  }

  @Test
  void theLastPeerCannotBeRemoved() {
    assertThatThrownBy(() -> MembershipChange.removing(List.of(N1), "n1", Set.of("n1")))
        .isInstanceOf(ClusterStateException.class)
        .hasMessage("refusing to remove Raft peer 'n1': it is the last member");
  }

  @Test
  void aRemovalThatLeavesTooFewAnsweringPeersForAMajorityIsRefused() {
    // n1 and n2 answer, n3 does not: without n1, only n2 of {n2, n3} answers, and two are needed.
    assertThatThrownBy(() -> MembershipChange.removing(THREE, "n1", Set.of("n1", "n2")))
        .isInstanceOf(ClusterStateException.class)
        .hasMessage("refusing to remove Raft peer 'n1': of the 2 peers left (n2, n3) only 1 answer,"
            + " fewer than the majority of 2 the group needs to go on");
  }

  @Test
  void fourPeersWithOneDeadMayLoseTheDeadOneOrALiveOne() {
    List<Peer> four = List.of(N1, N2, N3, peer("n4", 10011));
    Set<String> answering = Set.of("n1", "n2", "n3");
    assertThat(MembershipChange.removing(four, "n4", answering)).hasSize(3);
    assertThat(MembershipChange.removing(four, "n1", answering)).extracting(Peer::id).containsExactly("n2", "n3", "n4");
  }

  @Test
  void aMajorityIsMoreThanHalf() {
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7).stream().map(MembershipChange::majority).toList())
        .containsExactly(1, 2, 2, 3, 3, 4, 4);
  }

  private static Peer peer(String id, int port) {
    return new Peer(id, new InstanceAddress("127.0.0.1", port));
  }
}
