package dev.baton.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaftMembershipCallsTest {
  @Test
  void onlyTheTwoMembershipCallsAreHandledHere() {
    assertThat(RaftMembershipCalls.handles("api/raft/add")).isTrue();
    assertThat(RaftMembershipCalls.handles("api/raft/remove")).isTrue();
    assertThat(RaftMembershipCalls.handles("api/raft-peers")).isFalse();
    assertThat(RaftMembershipCalls.handles("api/failover")).isFalse();
  }

  @Test
  void anApiUrlIsAnHttpUrlWithAHost() {
    assertThat(RaftMembershipCalls.apiUrl("http://10.0.0.5:3000/")).isEqualTo("http://10.0.0.5:3000");
    assertThat(RaftMembershipCalls.apiUrl("https://agent-4.internal:3000")).isEqualTo("https://agent-4.internal:3000");
    for (String bad : new String[] {"ftp://10.0.0.5", "10.0.0.5:3000", "http://", "http://a b"}) {
      assertThatThrownBy(() -> RaftMembershipCalls.apiUrl(bad)).isInstanceOf(InvalidSettingException.class)
          .hasMessage("apiUrl '" + bad + "' is not an http(s) URL with a host, e.g. http://10.0.0.5:3000");
    }
  }

  @Test
  void parametersAreCheckedBeforeTheGroupIsAsked() {
    // No group behind it: each refusal comes before the change would be made.
    assertThatThrownBy(() -> RaftMembershipCalls.run("api/raft/remove", Map.of(), null))
        .isInstanceOf(InvalidSettingException.class).hasMessage("id is missing: give the Raft peer's id");
    assertThatThrownBy(() -> RaftMembershipCalls.run("api/raft/add", Map.of("id", "n4"), null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("address is missing: give the new peer's Raft address as HOST:PORT");
    assertThatThrownBy(() -> RaftMembershipCalls.run("api/raft/add", Map.of("id", "n4", "address", "nowhere"), null))
        .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("'nowhere' is not an address");
    assertThatThrownBy(() -> RaftMembershipCalls.run("api/raft/add", Map.of("id", "-n4", "address", "127.0.0.1:1"), null))
        .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("Raft peer id '-n4' is not allowed");
  }
}
