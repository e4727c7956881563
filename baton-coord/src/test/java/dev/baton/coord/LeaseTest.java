package dev.baton.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTest {

  @Test
  void epochsOrderByValueAndOnlyGrow() {
    assertThat(Epoch.FIRST.next()).isEqualTo(new Epoch(2));
    assertThat(new Epoch(3).isAfter(new Epoch(2))).isTrue();
    assertThat(new Epoch(3)).isGreaterThan(new Epoch(2));
    assertThatThrownBy(() -> new Epoch(0)).hasMessage("epoch must be at least 1, got 0");
  }

  @Test
  void refusesTtlsOutOfRange() {
    assertThatThrownBy(() -> Lease.checkTtl(Duration.ZERO))
        .hasMessage("lease ttl 0 ms is out of range: use more than 0 and at most 60 min");
    assertThatThrownBy(() -> Lease.checkTtl(Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesBlankNamesAndOwners() {
    assertThatThrownBy(() -> new Lease(" ", "a", Epoch.FIRST, Duration.ofSeconds(1))).hasMessageContaining("lease name");
    assertThatThrownBy(() -> new Lease("m", "", Epoch.FIRST, Duration.ofSeconds(1))).hasMessageContaining("lease owner");
  }

  @Test
  void documentsCompareByContentAndCannotBeChangedFromOutside() {
    byte[] value = {1, 2};
    VersionedDocument d = new VersionedDocument("topology", 1, value);
    value[0] = 9;
    d.value()[1] = 9;

    assertThat(d).isEqualTo(new VersionedDocument("topology", 1, new byte[] {1, 2}));
    assertThat(d.value()).containsExactly(1, 2);
  }

  @Test
  void unavailabilityMessagesAreOneLine() {
    CoordinationUnavailableException e = CoordinationUnavailableException.timedOut("acquire lease master_lock for a",
        "etcd at http://127.0.0.1:2379", Duration.ofMillis(2950), Duration.ofSeconds(3), null);

    assertThat(e).hasMessage("could not acquire lease master_lock for a: etcd at http://127.0.0.1:2379 did not answer "
        + "within 2950 ms (request timeout 3000 ms)");
    assertThat(CoordinationUnavailableException.failed("read document t", "etcd", new RuntimeException("a\nb")))
        .hasMessage("could not read document t: etcd failed: a");
  }
}
