package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryBlockTest {
  private static final Instant RECOVERED = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofMinutes(5);

  @Test
  void noUnacknowledgedRecoveryBlocksNothing() {
    assertThat(RecoveryBlock.blockedUntil(Optional.empty(), PERIOD, RECOVERED)).isEmpty();
  }

  @Test
  void aRecentRecoveryBlocksUntilThePeriodHasPassed() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), PERIOD, RECOVERED.plusSeconds(10)))
        .contains(RECOVERED.plus(PERIOD));
  }

  @Test
  void theBlockStartsAtTheRecoveryItself() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), PERIOD, RECOVERED)).contains(RECOVERED.plus(PERIOD));
  }

  @Test
  void theBlockHoldsUntilItsLastInstant() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), PERIOD, RECOVERED.plus(PERIOD).minusNanos(1)))
        .contains(RECOVERED.plus(PERIOD));
  }

  @Test
  void aRecoveryMayRunWhenThePeriodEnds() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), PERIOD, RECOVERED.plus(PERIOD))).isEmpty();
  }

  @Test
  void aRecoveryMayRunLongAfterThePeriod() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), PERIOD, RECOVERED.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void aZeroPeriodNeverBlocks() {
    assertThat(RecoveryBlock.blockedUntil(Optional.of(RECOVERED), Duration.ZERO, RECOVERED)).isEmpty();
  }

  @Test
  void theDefaultPeriodIsFiveMinutes() {
    assertThat(RecoveryBlock.DEFAULT_PERIOD).isEqualTo(Duration.ofMinutes(5));
    assertThat(FailoverSettings.DEFAULTS.recoveryBlock()).isEqualTo(RecoveryBlock.DEFAULT_PERIOD);
  }
}
