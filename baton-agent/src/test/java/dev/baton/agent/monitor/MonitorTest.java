package dev.baton.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonitorTest {
  private static final Instant PUBLISH_BEGAN = Instant.parse("2026-11-27T17:00:00Z");

  @Test
  void aProbeBegunBeforeThePublishBeganDoesNotCountAsSeenSince() {
    assertThat(Monitor.seenSince(writableAt(PUBLISH_BEGAN.minusMillis(1)), PUBLISH_BEGAN)).isFalse();
    assertThat(Monitor.seenSince(null, PUBLISH_BEGAN)).isFalse();
  }

  @Test
  void aProbeBegunAtOrAfterItCounts() {
    assertThat(Monitor.seenSince(writableAt(PUBLISH_BEGAN), PUBLISH_BEGAN)).isTrue();
    assertThat(Monitor.seenSince(writableAt(PUBLISH_BEGAN.plusMillis(3)), PUBLISH_BEGAN)).isTrue();
  }

  @Test
  void theNewerOfTwoObservationsIsTheOneBegunLater() {
    InstanceObservation round = writableAt(PUBLISH_BEGAN.minusMillis(5));
    InstanceObservation early = writableAt(PUBLISH_BEGAN.plusMillis(1));

    assertThat(Monitor.newer(round, early)).isSameAs(early);
    assertThat(Monitor.newer(early, round)).isSameAs(early);
    assertThat(Monitor.newer(null, round)).isSameAs(round);
    assertThat(Monitor.newer(round, null)).isSameAs(round);
    assertThat(Monitor.newer(null, null)).isNull();
  }

  private static InstanceObservation writableAt(Instant at) {
    return new InstanceObservation(new InstanceAddress("127.0.0.1", 3311), at, true, Optional.empty(), "9.7.4",
        "uuid", false, false, "", Optional.empty());
  }
}
