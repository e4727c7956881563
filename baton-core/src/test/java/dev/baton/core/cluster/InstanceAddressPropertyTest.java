package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class InstanceAddressPropertyTest {

  @Property
  void toStringParsesBackToTheSameAddress(@ForAll("hosts") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
    InstanceAddress address = new InstanceAddress(host, port);

    assertThat(InstanceAddress.parse(address.toString())).isEqualTo(address);
  }

  @Property
  void parseEitherSucceedsOrRefusesWithAnInvalidSetting(@ForAll String text) {
    Throwable thrown = catchThrowable(() -> InstanceAddress.parse(text));

    assertThat(thrown).satisfiesAnyOf(
        t -> assertThat(t).isNull(),
        t -> assertThat(t).isInstanceOf(InvalidSettingException.class));
  }

  @Property
  void portsOutsideTheTcpRangeAreRefused(@ForAll("hosts") String host, @ForAll("badPorts") int port) {
    assertThat(catchThrowable(() -> new InstanceAddress(host, port))).isInstanceOf(InvalidSettingException.class);
    assertThat(catchThrowable(() -> InstanceAddress.parse("[" + host + "]:" + port)))
        .isInstanceOf(InvalidSettingException.class);
  }

  @Provide
  Arbitrary<Integer> badPorts() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(Integer.MIN_VALUE, 0),
        Arbitraries.integers().between(65536, Integer.MAX_VALUE));
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
        .ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.startsWith("-") && !s.endsWith("-"));
    Arbitrary<String> dnsName = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(l -> l.stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElseThrow());
    Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xffff).list().ofSize(8)
        .map(l -> l.stream().map(Integer::toHexString).reduce((a, b) -> a + ":" + b).orElseThrow());
    Arbitrary<String> ipv6Short = Arbitraries.of("::1", "::", "fe80::1", "2001:db8::42", "::ffff:127.0.0.1");
    return Arbitraries.oneOf(dnsName, ipv4, ipv6, ipv6Short);
  }
}
