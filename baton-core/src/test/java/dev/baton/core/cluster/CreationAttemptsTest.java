package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreationAttemptsTest {
  private static final String HOST = "127.0.0.1";

  @Test
  void aLostPortLeadsToAnotherAttemptThatAvoidsIt() {
    CreationAttempts next = CreationAttempts.first().afterPortTaken(HOST, 3310, RequestedPorts.NONE);

    assertThat(next.made()).isEqualTo(2);
    assertThat(next.lost()).containsExactly(3310);
    assertThat(next.usable(p -> true).test(3310)).isFalse();
    assertThat(next.usable(p -> true).test(3311)).isTrue();
    assertThat(next.usable(p -> p != 3311).test(3311)).isFalse();
  }

  @Test
  void everyLostPortIsAvoidedFromThenOn() {
    CreationAttempts third = CreationAttempts.first().afterPortTaken(HOST, 3310, RequestedPorts.NONE)
        .afterPortTaken(HOST, 3000, RequestedPorts.NONE);

    assertThat(third.made()).isEqualTo(3);
    assertThat(third.lost()).isEqualTo(Set.of(3310, 3000));
  }

  @Test
  void aPlanAfterALostPortSkipsIt() {
    CreationAttempts next = CreationAttempts.first().afterPortTaken(HOST, 3306, RequestedPorts.NONE);

    PortPlan plan = PortPlan.choose(new NodeCount(3), next.usable(p -> true), RequestedPorts.NONE, HOST);

    assertThat(plan.writePort()).isEqualTo(3307);
    assertThat(plan.allPorts()).doesNotContain(3306);
  }

  @Test
  void givesUpAfterTheLastAttemptNamingThePortAndWhatToDo() {
    CreationAttempts last = new CreationAttempts(CreationAttempts.MAX_ATTEMPTS, Set.of(3310, 3311));

    assertThatThrownBy(() -> last.afterPortTaken(HOST, 3312, RequestedPorts.NONE))
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("3 times in a row")
        .hasMessageContaining("127.0.0.1:3312")
        .hasMessageContaining("run 'baton up' again");
  }

  @Test
  void aRequestedPortIsNeverReplacedEvenOnTheFirstAttempt() {
    RequestedPorts requested = new RequestedPorts(OptionalInt.of(4406), OptionalInt.empty());

    assertThatThrownBy(() -> CreationAttempts.first().afterPortTaken(HOST, 4406, requested))
        .isInstanceOf(ClusterStateException.class)
        .hasMessage("port 127.0.0.1:4406 (--write-port) is taken by another program: stop it, or choose another"
            + " --write-port");
  }
}
