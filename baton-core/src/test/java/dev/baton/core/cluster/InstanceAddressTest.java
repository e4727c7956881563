package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceAddressTest {

  @Test
  void parsesHostAndPort() {
    InstanceAddress a = InstanceAddress.parse("127.0.0.1:3310");

    assertThat(a.host()).isEqualTo("127.0.0.1");
    assertThat(a.port()).isEqualTo(3310);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:3310", "127.1.2.3:3310", "localhost:3306", "LocalHost:3306", "[::1]:3306"})
  void loopbackHostsAreThisMachine(String address) {
    assertThat(InstanceAddress.parse(address).isLoopback()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5:3306", "127.example.com:3306", "db-1:3306", "128.0.0.1:3306", "[fe80::1]:3306",
      "1127.0.0.1:3306"})
  void otherHostsAreNot(String address) {
    assertThat(InstanceAddress.parse(address).isLoopback()).isFalse();
  }

  @Test
  void parsesHostNames() {
    assertThat(InstanceAddress.parse("db-1.example.com:3306")).isEqualTo(new InstanceAddress("db-1.example.com", 3306));
  }

  @Test
  void parsesBracketedIpv6AndStripsTheBrackets() {
    InstanceAddress a = InstanceAddress.parse("[::1]:3306");

    assertThat(a.host()).isEqualTo("::1");
    assertThat(a.port()).isEqualTo(3306);
  }

  @Test
  void writesIpv6HostsInBrackets() {
    assertThat(new InstanceAddress("::1", 3306)).hasToString("[::1]:3306");
    assertThat(new InstanceAddress("fe80::1", 3310)).hasToString("[fe80::1]:3310");
  }

  @Test
  void writesOtherHostsWithoutBrackets() {
    assertThat(new InstanceAddress("127.0.0.1", 3310)).hasToString("127.0.0.1:3310");
  }

  @Test
  void ignoresSurroundingBlanks() {
    assertThat(InstanceAddress.parse("  db1:3306 \n")).isEqualTo(new InstanceAddress("db1", 3306));
  }

  @ParameterizedTest
  @ValueSource(strings = {"db1", "db1:", ":3306", "", "   "})
  void refusesTextWithoutHostOrPort(String text) {
    assertThatThrownBy(() -> InstanceAddress.parse(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HOST:PORT")
        .satisfies(e -> assertOneLine(e.getMessage()));
  }

  @Test
  void refusesMissingText() {
    assertThatThrownBy(() -> InstanceAddress.parse(null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HOST:PORT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db1:abc", "db1:33o6", "db1:3306x", "db1:3 306", "[::1]", "db1:99999999999"})
  void refusesNonNumericPortsNamingTheText(String text) {
    assertThatThrownBy(() -> InstanceAddress.parse(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("numeric port")
        .satisfies(e -> assertOneLine(e.getMessage()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"db1:0", "db1:65536", "db1:-1", "[::1]:70000"})
  void refusesPortsOutOfRange(String text) {
    assertThatThrownBy(() -> InstanceAddress.parse(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("out of range")
        .hasMessageContaining("1-65535")
        .satisfies(e -> assertOneLine(e.getMessage()));
  }

  @Test
  void acceptsTheExtremePorts() {
    assertThat(InstanceAddress.parse("h:1").port()).isEqualTo(1);
    assertThat(InstanceAddress.parse("h:65535").port()).isEqualTo(65535);
  }

  @Test
  void refusesABlankHostWhenConstructed() {
    assertThatThrownBy(() -> new InstanceAddress(" ", 3306))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("empty host");
  }

  @Test
  void refusesAnEmptyBracketedHost() {
    assertThatThrownBy(() -> InstanceAddress.parse("[]:3306")).isInstanceOf(InvalidSettingException.class);
  }

  @Test
  void ordersByHostThenPort() {
    List<InstanceAddress> sorted = new ArrayList<>(List.of(
        new InstanceAddress("b", 1), new InstanceAddress("a", 3307), new InstanceAddress("a", 3306)));
    sorted.sort(null);

    assertThat(sorted).containsExactly(
        new InstanceAddress("a", 3306), new InstanceAddress("a", 3307), new InstanceAddress("b", 1));
  }

  private static void assertOneLine(String message) {
    assertThat(message).doesNotContain("\n").doesNotContain("\r");
  }
}
