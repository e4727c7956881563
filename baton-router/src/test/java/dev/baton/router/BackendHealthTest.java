package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fall/rise rule, check by check. */
class BackendHealthTest {
  private static final Optional<String> PASS = Optional.empty();
  private static final Optional<String> FAIL = Optional.of("cannot connect");

  private static BackendHealth run(BackendHealth start, int fall, int rise, Optional<String>... checks) {
    BackendHealth h = start;
    for (Optional<String> c : checks) {
      h = h.after(c, fall, rise);
    }
    return h;
  }

  @Test
  void aBackendIsTrustedUntilItsFirstCheck() {
    assertThat(BackendHealth.UNCHECKED.up()).isTrue();
    assertThat(BackendHealth.UNCHECKED.label()).isEqualTo("unchecked");
    assertThat(run(BackendHealth.UNCHECKED, 2, 2, PASS).label()).isEqualTo("up");
  }

  @Test
  void itGoesDownOnlyAfterFallFailuresInARow() {
    assertThat(run(BackendHealth.UNCHECKED, 2, 2, FAIL).up()).isTrue();
    assertThat(run(BackendHealth.UNCHECKED, 2, 2, FAIL, PASS, FAIL).up()).as("not in a row").isTrue();
    BackendHealth down = run(BackendHealth.UNCHECKED, 2, 2, FAIL, FAIL);
    assertThat(down.up()).isFalse();
    assertThat(down.label()).isEqualTo("down");
    assertThat(down.lastFailure()).contains("cannot connect");
  }

  @Test
  void itComesBackOnlyAfterRisePassesInARow() {
    BackendHealth down = run(BackendHealth.UNCHECKED, 2, 3, FAIL, FAIL);

    assertThat(run(down, 2, 3, PASS, PASS).up()).isFalse();
    assertThat(run(down, 2, 3, PASS, PASS, FAIL, PASS, PASS).up()).as("not in a row").isFalse();
    BackendHealth up = run(down, 2, 3, PASS, PASS, PASS);
    assertThat(up.up()).isTrue();
    assertThat(up.lastFailure()).isEmpty();
  }

  @Test
  void aFallOfOneTakesABackendOutAtTheFirstFailure() {
    assertThat(run(BackendHealth.UNCHECKED, 1, 1, FAIL).up()).isFalse();
    assertThat(run(BackendHealth.UNCHECKED, 1, 1, FAIL, PASS).up()).isTrue();
  }
}
