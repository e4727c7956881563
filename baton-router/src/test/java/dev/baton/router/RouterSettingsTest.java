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
    assertThatThrownBy(() -> new RouterSettings("127.0.0.1", 3306, 3307, Duration.ZERO, Duration.ZERO))
        .hasMessageStartingWith("connectTimeout PT0S is out of range");
    assertThatThrownBy(() -> new RouterSettings("127.0.0.1", 3306, 3307, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .hasMessage("holdTimeout PT-1S is negative: use zero or more");
  }
}
