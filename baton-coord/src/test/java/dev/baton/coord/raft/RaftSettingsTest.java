package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {
  private static final List<Peer> PEERS = List.of(
      new Peer("n1", new InstanceAddress("127.0.0.1", 10008)),
      new Peer("n2", new InstanceAddress("127.0.0.1", 10009)),
      new Peer("n3", new InstanceAddress("127.0.0.1", 10010)));

  @Test
  void defaultsElectANewLeaderWithinASecond() {
    RaftSettings s = RaftSettings.of(PEERS);

    assertThat(s.electionTimeoutMax()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(s.describe()).contains("coord.raft.electionTimeoutMax = 600 ms (default)");
  }

  @Test
  void describesCustomValuesAsCustom() {
    assertThat(new RaftSettings("baton", PEERS, Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3),
        10, Duration.ofMillis(50)).describe())
        .contains("coord.raft.snapshotThreshold = 10 entries (custom)");
  }

  @Test
  void findsAPeerByIdOrNamesTheKnownOnes() {
    assertThat(RaftSettings.of(PEERS).peer("n2").raftAddress().port()).isEqualTo(10009);
    assertThatThrownBy(() -> RaftSettings.of(PEERS).peer("n9")).hasMessage(
        "Raft peer 'n9' is not in group baton: its peers are n1, n2, n3");
  }

  @Test
  void refusesRepeatedPeers() {
    List<Peer> twice = List.of(PEERS.get(0), new Peer("n1", new InstanceAddress("127.0.0.1", 10011)));

    assertThatThrownBy(() -> RaftSettings.of(twice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats the id or address");
  }

  @Test
  void refusesARequestTimeoutThatCannotOutliveAnElection() {
    assertThatThrownBy(() -> new RaftSettings("baton", PEERS, Duration.ofMillis(300), Duration.ofMillis(600),
        Duration.ofMillis(1000), 100, Duration.ofMillis(50)))
        .hasMessage("requestTimeout (1000 ms) must be at least twice electionTimeoutMax (600 ms) so that an operation "
            + "survives a change of leader");
  }

  @Test
  void refusesElectionTimeoutsOutOfOrder() {
    assertThatThrownBy(() -> new RaftSettings("baton", PEERS, Duration.ofMillis(600), Duration.ofMillis(600),
        Duration.ofSeconds(3), 100, Duration.ofMillis(50)))
        .hasMessageContaining("electionTimeoutMin (600 ms)");
  }

  @Test
  void refusesBadPeerIdsAndGroupNames() {
    assertThatThrownBy(() -> new Peer("n 1", new InstanceAddress("127.0.0.1", 1))).hasMessageContaining("'n 1'");
    assertThatThrownBy(() -> new RaftSettings("Baton!", PEERS, Duration.ofMillis(300), Duration.ofMillis(600),
        Duration.ofSeconds(3), 100, Duration.ofMillis(50))).hasMessageContaining("'Baton!'");
  }
}
