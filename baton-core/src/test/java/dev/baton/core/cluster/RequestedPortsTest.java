package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RequestedPortsTest {

  @Test
  void namesTheOptionThatAskedForAPort() {
    RequestedPorts requested = new RequestedPorts(OptionalInt.of(4406), OptionalInt.of(4407));

    assertThat(requested.optionFor(4406)).contains("--write-port");
    assertThat(requested.optionFor(4407)).contains("--read-port");
    assertThat(requested.optionFor(3310)).isEmpty();
    assertThat(RequestedPorts.NONE.optionFor(3306)).isEqualTo(Optional.empty());
  }

  @Test
  void refusesTheSamePortForBothEndpoints() {
    assertThatThrownBy(() -> new RequestedPorts(OptionalInt.of(4406), OptionalInt.of(4406)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("--write-port and --read-port are both 4406");
  }

  @Test
  void refusesWhatIsNotAPort() {
    assertThatThrownBy(() -> new RequestedPorts(OptionalInt.of(0), OptionalInt.empty()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("--write-port 0 is not a port: use 1-65535");
    assertThatThrownBy(() -> new RequestedPorts(OptionalInt.empty(), OptionalInt.of(65536)))
        .hasMessage("--read-port 65536 is not a port: use 1-65535");
  }
}
