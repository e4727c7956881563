package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.coord.VersionedDocument;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding and removing members of a running group of real Ratis peers on loopback. */
class RaftMembershipIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  private RaftTestGroup group;

  @AfterEach
  void stopGroup() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  void aJoinedPeerReceivesTheStateAndOnceAPeerIsRemovedTwoStoppedPeersNoLongerStopTheGroup() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    RaftCoordinationStore store = group.storeOn("n1");
    write(store, "topology", 0, "before the join");

    group.join("n4", "n2");
    // A watch follows the local peer's own state: n4 has what was committed before it joined.
    List<String> seenOnN4 = new CopyOnWriteArrayList<>();
    group.storeOn("n4").watch("topology", d -> seenOnN4.add(text(d)));
    await("the state on n4").atMost(WAIT).until(() -> seenOnN4.contains("before the join"));
    assertThat(group.peer("n1").members()).extracting(Peer::id).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");

    List<Peer> left = group.membershipThrough("n3").remove("n1");
    assertThat(left).extracting(Peer::id).containsExactly("n2", "n3", "n4");
    write(store, "topology", 1, "after the removal");
    await("n4 follows").atMost(WAIT).until(() -> seenOnN4.contains("after the removal"));

    // Of four members, two stopped would leave no majority; of the three left, two still are one.
    group.stop("n1");
    group.stop("n2");
    RaftCoordinationStore survivor = group.storeOn("n3");
    write(survivor, "topology", 2, "with n1 and n2 stopped");
    await("n4 follows without n1 and n2").atMost(WAIT).until(() -> seenOnN4.contains("with n1 and n2 stopped"));
  }

  @Test
  void aRemovedPeerWhoseHostComesBackJoinsAgainAndCatchesUp() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    RaftCoordinationStore store = group.storeOn("n1");
    write(store, "topology", 0, "before the removal");
    group.stop("n3");
    group.membershipThrough("n1").remove("n3");
    write(store, "topology", 1, "while n3 was out");

    // Its host is back with the address and the storage it had: the peer joins again, and the
    // leader replaces what its old log holds beyond the group's.
    group.rejoin("n3", "n1");
    List<String> seenOnN3 = new CopyOnWriteArrayList<>();
    group.storeOn("n3").watch("topology", d -> seenOnN3.add(text(d)));
    await("the state on the returned n3").atMost(WAIT).until(() -> seenOnN3.contains("while n3 was out"));
    assertThat(group.peer("n1").members()).extracting(Peer::id).containsExactlyInAnyOrder("n1", "n2", "n3");

    group.stop("n2");
    write(group.storeOn("n1"), "topology", 2, "with n2 stopped");
    await("n3 counts in the majority").atMost(WAIT).until(() -> seenOnN3.contains("with n2 stopped"));
  }

  @Test
  void changesThatCannotWorkAreRefusedWithOneLine() {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    String leader = group.awaitLeader();
    List<String> followers = group.ids().stream().filter(id -> !id.equals(leader)).toList();
    GroupMembership membership = group.membershipThrough(followers.get(0));
    InstanceAddress taken = group.peer(leader).peer().raftAddress();

    assertOneLine(() -> membership.add(new Peer("n1", new InstanceAddress("127.0.0.1", 1))),
        InvalidSettingException.class, "Raft peer id 'n1' is already a member");
    assertOneLine(() -> membership.add(new Peer("n9", taken)), InvalidSettingException.class,
        "Raft address " + taken + " is already used by peer " + leader);
    assertOneLine(() -> membership.remove("n9"), InvalidSettingException.class, "no Raft peer 'n9'");

    group.stop(followers.get(1));
    await("the leader misses " + followers.get(1)).atMost(WAIT).ignoreExceptions()
        .until(() -> !membership.view().answering().contains(followers.get(1)));
    // Removing the other follower would leave the leader alone with a dead peer: no majority.
    assertOneLine(() -> membership.remove(followers.get(0)), ClusterStateException.class,
        "refusing to remove Raft peer '" + followers.get(0) + "': of the 2 peers left");
    assertThat(group.peer(leader).members()).hasSize(3);
  }

  private static void assertOneLine(Runnable change, Class<? extends Exception> type, String start) {
    assertThatThrownBy(change::run).isInstanceOf(type).hasMessageStartingWith(start)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static void write(RaftCoordinationStore store, String key, long over, String value) {
    RaftTestGroup.write(store, key, over, value.getBytes(StandardCharsets.UTF_8), WAIT);
  }

  private static String text(VersionedDocument d) {
    return new String(d.value(), StandardCharsets.UTF_8);
  }
}
