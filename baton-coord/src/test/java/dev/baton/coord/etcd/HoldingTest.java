package dev.baton.coord.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HoldingTest {

  @Test
  void survivesTheRoundTripWithBlanksInTheOwner() {
    Holding h = new Holding(new Lease("master_lock", "agent 1 on db1", new Epoch(12), Duration.ofMillis(1500)),
        0x694d7b1c2a3e4f5aL);

    assertThat(new String(h.encode(), StandardCharsets.UTF_8)).isEqualTo("12 1500 694d7b1c2a3e4f5a agent 1 on db1");
    assertThat(Holding.decode("master_lock", h.encode())).isEqualTo(h);
  }

  @Test
  void refusesForeignValues() {
    assertThatThrownBy(() -> Holding.decode("master_lock", "locked".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not EPOCH TTL_MS ETCD_LEASE_ID OWNER");
  }

  @Test
  void roundsTtlsUpToWholeSeconds() {
    assertThat(EtcdLeases.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(EtcdLeases.seconds(Duration.ofMillis(1000))).isEqualTo(1);
    assertThat(EtcdLeases.seconds(Duration.ofMillis(1001))).isEqualTo(2);
  }
}
