package dev.baton.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.coord.raft.Peer;
import dev.baton.coord.raft.RaftCoordinationStore;
import dev.baton.coord.raft.RaftPeerServer;
import dev.baton.coord.raft.RaftSettings;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.topology.Topology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two managers' views of one cluster state, on a real (one-peer) Raft group: an update that starts
 * from the version its manager remembers must never lose the other manager's change.
 */
class SharedStateTest {
  private static final InstanceAddress A = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress B = new InstanceAddress("127.0.0.1", 3311);
  private static final InstanceAddress C = new InstanceAddress("127.0.0.1", 3312);
  private static final ClusterState INITIAL = ClusterState.initial(new Topology(A, List.of(B, C)));

  @TempDir
  Path dir;
  private RaftPeerServer peer;
  private RaftCoordinationStore store;
  private SharedState mine;
  private SharedState theirs;

  @BeforeEach
  void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    peer = RaftPeerServer.start(RaftSettings.of(List.of(new Peer("n1", new InstanceAddress("127.0.0.1", port)))), "n1",
        dir);
    store = new RaftCoordinationStore(peer);
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> store.get("first-answer").isEmpty());
    mine = new SharedState(store, "c");
    theirs = new SharedState(store, "c");
    mine.initialize(INITIAL);
  }

  @AfterEach
  void stop() {
    store.close();
    peer.close();
  }

  @Test
  void anUpdateOverAStaleRememberedVersionIsAppliedToTheOtherManagersChange() {
    mine.update(st -> st.withPaused(true));
    theirs.update(st -> st.withTopology(new Topology(B, List.of(A, C))));

    ClusterState after = mine.update(st -> st.withPaused(false));

    assertThat(after.topology().primary()).isEqualTo(B);
    assertThat(after.paused()).isFalse();
    assertThat(theirs.read().orElseThrow().state()).isEqualTo(after);
  }

  @Test
  void aChangeThatLooksDoneOnlyInTheRememberedStateIsStillMade() {
    mine.update(st -> st.withPaused(true));
    theirs.update(st -> st.withPaused(false));

    mine.update(st -> st.withPaused(true));

    assertThat(theirs.read().orElseThrow().state().paused()).isTrue();
  }

  @Test
  void successiveUpdatesOfOneManagerEachBuildOnTheLast() {
    mine.update(st -> st.withPaused(true));
    mine.update(st -> st.withTopology(new Topology(C, List.of(A, B))));

    ClusterState stored = theirs.read().orElseThrow().state();
    assertThat(stored.paused()).isTrue();
    assertThat(stored.topology().primary()).isEqualTo(C);
  }
}
