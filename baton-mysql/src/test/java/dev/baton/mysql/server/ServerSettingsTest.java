package dev.baton.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  private static ServerSettings with(Duration netTimeout, Duration heartbeat) {
    return new ServerSettings("128M", 500, netTimeout, heartbeat, Duration.ofDays(7), true, Duration.ofSeconds(10), "");
  }

  @Test
  void defaultsAreValidAndNamedConstants() {
    assertThat(ServerSettings.DEFAULTS.replicaNetTimeout()).isEqualTo(ServerSettings.DEFAULT_REPLICA_NET_TIMEOUT);
    assertThat(ServerSettings.DEFAULTS.heartbeatPeriod()).isEqualTo(ServerSettings.DEFAULT_HEARTBEAT_PERIOD);
    assertThat(ServerSettings.DEFAULTS.heartbeatPeriod()).isLessThan(ServerSettings.DEFAULTS.replicaNetTimeout());
  }

  @Test
  void heartbeatOfHalfASecondIsWrittenAsZeroPointFive() {
    assertThat(with(Duration.ofSeconds(2), Duration.ofMillis(500)).heartbeatSeconds()).isEqualTo("0.5");
  }

  @Test
  void heartbeatOfWholeSecondsHasNoFraction() {
    assertThat(with(Duration.ofSeconds(2), Duration.ofSeconds(1)).heartbeatSeconds()).isEqualTo("1");
    assertThat(with(Duration.ofSeconds(30), Duration.ofSeconds(10)).heartbeatSeconds()).isEqualTo("10");
  }

  @Test
  void heartbeatKeepsMillisecondResolution() {
    assertThat(with(Duration.ofSeconds(2), Duration.ofMillis(1250)).heartbeatSeconds()).isEqualTo("1.25");
    assertThat(with(Duration.ofSeconds(2), Duration.ofMillis(1)).heartbeatSeconds()).isEqualTo("0.001");
  }

  @Test
  void refusesANetTimeoutBelowOneSecond() {
    assertThatThrownBy(() -> with(Duration.ofMillis(900), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replicaNetTimeout");
  }

  @Test
  void refusesAHeartbeatEqualToTheNetTimeout() {
    assertThatThrownBy(() -> with(Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatPeriod")
        .hasMessageContaining("replicaNetTimeout");
  }

  @Test
  void refusesAHeartbeatLongerThanTheNetTimeout() {
    assertThatThrownBy(() -> with(Duration.ofSeconds(2), Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatPeriod");
  }

  @Test
  void aFractionalNetTimeoutNeverLetsTheRenderedTimeoutFallBelowTheHeartbeat() {
    ServerSettings settings;
    try {
      settings = with(Duration.ofMillis(1500), Duration.ofMillis(1200));
    } catch (IllegalArgumentException refused) {
      return; // refusing non-whole seconds is a fix too
    }
    ServerDistribution dist = new ServerDistribution(Flavor.MYSQL, List.of(), Path.of("/fake/mysqld"),
        Path.of("/fake/mysql"), Optional.empty(), Map.of());
    String cnf = MyCnf.render(dist, new InstanceLayout(Path.of("/fake/node1")), 1,
        new InstanceAddress("127.0.0.1", 3310), settings, Optional.empty());
    long renderedTimeout = cnf.lines().filter(l -> l.startsWith("replica_net_timeout="))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf('=') + 1))).findFirst().orElseThrow();

    assertThat(Duration.ofSeconds(renderedTimeout)).isGreaterThan(settings.heartbeatPeriod());
  }

  @Test
  void refusesANonPositiveHeartbeat() {
    assertThatThrownBy(() -> with(Duration.ofSeconds(2), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> with(Duration.ofSeconds(2), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
