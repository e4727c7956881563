package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A mistyped command line: one line naming the mistake and the help to read, exit code 2, nothing run. */
class UsageErrorTest {
  @Test
  void anUnknownOptionIsNamedWithTheCommandsHelp() {
    CliRun run = CliRun.baton(null, "status", "--bogus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("baton status: Unknown option: '--bogus' (see 'baton status --help')");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMisspelledOptionGetsTheNearestOne() {
    CliRun run = CliRun.baton(null, "router", "--agents", "http://127.0.0.1:1", "--event-lops", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("baton router: Unknown options: '--event-lops', '2'")
        .contains("did you mean --event-loops?")
        .endsWith("(see 'baton router --help')");
  }

  @Test
  void aValueOfTheWrongKindAndAMissingOptionAreOneLineEach() {
    assertThat(CliRun.baton(null, "router", "--agents", "http://127.0.0.1:1", "--event-loops", "many").errLines())
        .containsExactly("baton router: Invalid value for option '--event-loops': 'many' is not an int"
            + " (see 'baton router --help')");
    assertThat(CliRun.baton(null, "router").errLines()).singleElement().asString()
        .startsWith("baton router: Missing required option: '--agents=");
  }

  @Test
  void anUnknownCommandIsNamed() {
    CliRun run = CliRun.baton(null, "frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("baton: Unmatched argument at index 0: 'frobnicate'")
        .endsWith("(see 'baton --help')");
  }

  @Test
  void aRouterTimeOutOfRangeIsRefusedByItsOptionsName() {
    assertThat(routerRefusal("--hold-timeout", "-1"))
        .containsExactly("baton: --hold-timeout -1 is out of range: use 0 (close at once) to 3600");
    assertThat(routerRefusal("--read-drain", "99999999999"))
        .containsExactly("baton: --read-drain 99999999999 is out of range: use 0 (cut at once) to 3600");
  }

  @Test
  void healthCheckSettingsAreCheckedEvenWithoutAPasswordForTheChecks() {
    assertThat(routerRefusal("--check-interval", "50"))
        .containsExactly("baton: health check interval PT0.05S is too short: use at least 100 ms");
    assertThat(routerRefusal("--check-fall", "0"))
        .containsExactly("baton: health check fall 0 and rise 2: both must be at least 1");
  }

  /** The error lines of 'baton router' given one option; the agent URL is never reached. */
  private static List<String> routerRefusal(String option, String value) {
    return CliRun.baton(null, "router", "--agents", "http://127.0.0.1:1", option, value).errLines();
  }
}
