package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PortInUseTest {

  @Test
  void findsThePortInTheDaemonsOwnPhrase() {
    String log = "12:00:01 INFO starting\nbaton: " + PortInUse.message("API", "127.0.0.1", 3000)
        + ": stop what listens there\n";

    assertThat(PortInUse.findIn(log)).isEqualTo(OptionalInt.of(3000));
  }

  @Test
  void theLastPhraseWinsWhenThereAreSeveral() {
    String log = PortInUse.message("Raft", "127.0.0.1", 10008) + "\n" + PortInUse.message("write endpoint", "127.0.0.1", 3306);

    assertThat(PortInUse.findIn(log)).isEqualTo(OptionalInt.of(3306));
  }

  @Test
  void otherFailuresAreNotPortConflicts() {
    assertThat(PortInUse.findIn("baton: the agent of node1 exited: Connection refused\nAddress already in use")).isEmpty();
    assertThat(PortInUse.findIn("")).isEmpty();
  }
}
