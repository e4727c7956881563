package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckSettingsTest {
  @Test
  void aCheckGetsTheDefaultTimeoutOrTheWholeIntervalWhenThatIsShorter() {
    assertThat(HealthCheckSettings.every(Duration.ofSeconds(3), 2, 2, "monitor", "").timeout())
        .isEqualTo(HealthCheckSettings.DEFAULT_TIMEOUT);
    assertThat(HealthCheckSettings.every(Duration.ofMillis(300), 2, 2, "monitor", "").timeout())
        .isEqualTo(Duration.ofMillis(300));
    assertThat(HealthCheckSettings.defaults("monitor", "").timeout()).isEqualTo(HealthCheckSettings.DEFAULT_TIMEOUT);
  }
}
