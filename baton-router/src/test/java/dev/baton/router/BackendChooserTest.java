package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendChooserTest {
  private static final InstanceAddress R1 = InstanceAddress.parse("127.0.0.1:3311");
  private static final InstanceAddress R2 = InstanceAddress.parse("127.0.0.1:3312");
  private static final InstanceAddress R3 = InstanceAddress.parse("127.0.0.1:3313");

  @Test
  void noCandidatesMeansNoChoice() {
    assertThat(BackendChooser.leastConnections(List.of(), Map.of(R1, 0), 0)).isEmpty();
  }

  @Test
  void picksTheCandidateWithFewestConnections() {
    assertThat(BackendChooser.leastConnections(List.of(R1, R2, R3), Map.of(R1, 4, R2, 1, R3, 2), 0)).contains(R2);
  }

  @Test
  void anInstanceMissingFromTheCountsHasNoConnections() {
    assertThat(BackendChooser.leastConnections(List.of(R1, R2), Map.of(R1, 1), 0)).contains(R2);
  }

  @Test
  void aTieGoesToTheEarliestInListOrder() {
    assertThat(BackendChooser.leastConnections(List.of(R3, R1, R2), Map.of(R3, 2, R1, 1, R2, 1), 0)).contains(R1);
    assertThat(BackendChooser.leastConnections(List.of(R2, R1), Map.of(), 0)).contains(R2);
  }

  @Test
  void loadOnInstancesThatAreNotCandidatesIsIgnored() {
    assertThat(BackendChooser.leastConnections(List.of(R2), Map.of(R1, 0, R2, 9), 0)).contains(R2);
  }

  @Test
  void tiesGoRoundInTurn() {
    List<InstanceAddress> all = List.of(R1, R2, R3);
    assertThat(List.of(0L, 1L, 2L, 3L).stream()
        .map(turn -> BackendChooser.leastConnections(all, Map.of(), turn).orElseThrow()).toList())
        .containsExactly(R1, R2, R3, R1);
    assertThat(BackendChooser.leastConnections(all, Map.of(R2, 1), 1)).contains(R3);
    assertThat(BackendChooser.leastConnections(all, Map.of(R1, 1, R2, 1), 0)).contains(R3);
  }
}
