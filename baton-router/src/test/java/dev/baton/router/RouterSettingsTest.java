package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouterSettingsTest {
  @Test
  void defaultsFillTheTimeouts() {
    RouterSettings s = RouterSettings.defaults("127.0.0.1", 3306, 3307);
    assertThat(s.connectTimeout()).isEqualTo(RouterSettings.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.holdTimeout()).isEqualTo(RouterSettings.DEFAULT_HOLD_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void portZeroIsAllowedForBothEndpoints() {
    assertThat(RouterSettings.defaults("127.0.0.1", 0, 0).writePort()).isZero();
  }

  @Test
  void rejectionsNameTheSetting() {
    assertThatThrownBy(() -> RouterSettings.defaults(" ", 3306, 3307))
        .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("bindHost is empty");
    assertThatThrownBy(() -> RouterSettings.defaults("127.0.0.1", 70000, 3307))
        .hasMessageStartingWith("writePort 70000 is out of range");
    assertThatThrownBy(() -> RouterSettings.defaults("127.0.0.1", 3306, -1))
        .hasMessageStartingWith("readPort -1 is out of range");
    assertThatThrownBy(() -> RouterSettings.defaults("127.0.0.1", 3306, 3306))
        .hasMessage("writePort and readPort are both 3306: give each endpoint its own port");
    RouterSettings valid = RouterSettings.defaults("127.0.0.1", 3306, 3307);
    assertThatThrownBy(() -> valid.withConnectTimeout(Duration.ZERO))
        .hasMessageStartingWith("connectTimeout PT0S is out of range");
    assertThatThrownBy(() -> valid.withHoldTimeout(Duration.ofSeconds(-1)))
        .hasMessage("holdTimeout PT-1S is out of range: use zero (close at once) to PT1H");
    assertThatThrownBy(() -> valid.withReadDrain(Duration.ofSeconds(-1)))
        .hasMessage("readDrain PT-1S is out of range: use zero (cut at once) to PT1H");
    assertThatThrownBy(() -> valid.withHoldTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .hasMessageStartingWith("holdTimeout PT2562047788015215H30M7S is out of range");
    assertThatThrownBy(() -> valid.withReadDrain(Duration.ofMinutes(61)))
        .hasMessageStartingWith("readDrain PT1H1M is out of range");
    assertThat(valid.withHoldTimeout(Duration.ZERO).withReadDrain(Duration.ofHours(1)).readDrain())
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> valid.withEventLoops(0))
        .hasMessageStartingWith("eventLoops 0 is out of range: use 1-256 (default: half the cores, here ");
  }

  @Test
  void defaultsKeepReadsOnPromotionAndLeaveHealthChecksOff() {
    RouterSettings s = RouterSettings.defaults("127.0.0.1", 3306, 3307);
    assertThat(s.readDrain()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.keepReadsOnPromotion()).isTrue();
    assertThat(s.healthChecks()).isEmpty();
  }

  @Test
  void defaultsPreferIoUringOnHalfTheCoresAtLeastOne() {
    RouterSettings s = RouterSettings.defaults("127.0.0.1", 3306, 3307);
    assertThat(s.ioUring()).isTrue();
    assertThat(s.eventLoops()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Test
  void healthCheckSettingsAreValidatedAndNeverShowThePassword() {
    HealthCheckSettings checks = HealthCheckSettings.defaults("monitor", "s3cret");
    assertThat(checks.toString()).contains("monitor").doesNotContain("s3cret");
    assertThat(checks.fall()).isEqualTo(2);
    assertThat(checks.rise()).isEqualTo(2);
    assertThatThrownBy(() -> new HealthCheckSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 2, "m", "p"))
        .hasMessageStartingWith("health check timeout PT2S is out of range");
    assertThatThrownBy(() -> new HealthCheckSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 2, "m", "p"))
        .hasMessage("health check fall 0 and rise 2: both must be at least 1");
  }
}
