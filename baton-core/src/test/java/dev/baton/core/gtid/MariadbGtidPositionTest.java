package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MariadbGtidPositionTest {

  private static MariadbGtidPosition pos(String text) {
    return MariadbGtidPosition.parse(text);
  }

  @Test
  void printsDomainsInAscendingOrderAsTheServerDoes() {
    assertThat(pos("5-1-3,0-2-9,10-1-1")).hasToString("0-2-9,5-1-3,10-1-1");
  }

  @Test
  void readsTheServersTextBack() {
    assertThat(pos("0-1-100,1-2-50")).hasToString("0-1-100,1-2-50");
  }

  @Test
  void ignoresWhitespaceAroundItemsAndLeadingZeros() {
    assertThat(pos(" 5-1-3 ,\n 0-2-9 ")).hasToString("0-2-9,5-1-3");
    assertThat(pos("00-01-007")).hasToString("0-1-7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n", "0-1-0", "0-1-0,7-2-0"})
  void readsPositionsWithoutTransactionsAsEmpty(String text) {
    MariadbGtidPosition p = pos(text);

    assertThat(p.isEmpty()).isTrue();
    assertThat(p).hasToString("");
  }

  @Test
  void dropsOnlyTheDomainsAtSequenceZero() {
    assertThat(pos("0-1-0,1-1-5")).isEqualTo(pos("1-1-5"));
  }

  @Test
  void acceptsTheFullUnsignedRanges() {
    String max = "4294967295-4294967295-18446744073709551615";

    assertThat(pos(max)).hasToString(max);
  }

  @Test
  void comparesSequenceNumbersAsUnsigned() {
    MariadbGtidPosition high = pos("0-1-18446744073709551615");
    MariadbGtidPosition low = pos("0-1-9223372036854775807");

    assertThat(high.contains(low)).isTrue();
    assertThat(low.contains(high)).isFalse();
    assertThat(low.union(high)).isEqualTo(high);
  }

  @Test
  void aPositionIsContainedWhenTheOtherHasEachDomainAtLeastAsFar() {
    MariadbGtidPosition replica = pos("0-1-100,1-2-50");
    MariadbGtidPosition primary = pos("0-1-120,1-3-50,2-3-7");

    assertThat(replica.isContainedIn(primary)).isTrue();
    assertThat(primary.contains(replica)).isTrue();
    assertThat(primary.isContainedIn(replica)).isFalse();
  }

  @Test
  void aMissingDomainIsNotContained() {
    assertThat(pos("0-1-100").contains(pos("0-1-100,1-1-1"))).isFalse();
  }

  @Test
  void theServerIdDoesNotTakePartInContainment() {
    assertThat(pos("0-1-100").contains(pos("0-2-100"))).isTrue();
    assertThat(pos("0-2-100").contains(pos("0-1-100"))).isTrue();
  }

  @Test
  void subtractKeepsThisPositionsEntryWhereItIsAhead() {
    MariadbGtidPosition replica = pos("0-1-105,1-2-50,3-9-1");
    MariadbGtidPosition primary = pos("0-1-100,1-2-60,2-3-7");

    assertThat(replica.subtract(primary)).hasToString("0-1-105,3-9-1");
    assertThat(primary.subtract(replica)).hasToString("1-2-60,2-3-7");
  }

  @Test
  void subtractIsEmptyWhenContained() {
    assertThat(pos("0-1-100").subtract(pos("0-2-100,1-1-1")).isEmpty()).isTrue();
  }

  @Test
  void unionTakesTheLaterGtidOfEachDomainWithItsServerId() {
    assertThat(pos("0-1-100,1-2-50").union(pos("0-3-120,1-4-40,2-5-1"))).hasToString("0-3-120,1-2-50,2-5-1");
  }

  @Test
  void unionOfDivergedEqualSequenceNumbersKeepsTheHigherServerIdEitherWayRound() {
    assertThat(pos("0-1-100").union(pos("0-2-100"))).hasToString("0-2-100");
    assertThat(pos("0-2-100").union(pos("0-1-100"))).hasToString("0-2-100");
  }

  @Test
  void positionsWrittenDifferentlyAreEqual() {
    assertThat(pos("1-1-1,0-1-2")).isEqualTo(pos(" 0-1-2, 1-1-1")).hasSameHashCodeAs(pos("0-1-2,1-1-1"));
  }

  @Test
  void refusesTextThatIsNotAPositionWithTheExpectedForm() {
    assertThatThrownBy(() -> pos("abc"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("'abc' is not a MariaDB GTID position: expected domain-server-seq[,domain-server-seq...]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0-1", "0-1-2-3", "0--1-2", "-0-1-2", "0-1-x", "1-1-1,", ",1-1-1", "1-1-1,,2-1-1", "0-1-+2",
      "0 - 1 - 2", "0:1:2", "0-1-2;1-1-1", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"})
  void refusesMalformedText(String text) {
    assertThatThrownBy(() -> pos(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("'" + text + "' is not a MariaDB GTID position: expected domain-server-seq");
  }

  @Test
  void pointsAtTheBadItemOfALongerPosition() {
    assertThatThrownBy(() -> pos("0-1-5,1-x-2"))
        .hasMessage("'0-1-5,1-x-2' is not a MariaDB GTID position: expected domain-server-seq[,domain-server-seq...]"
            + " (at '1-x-2')");
  }

  @Test
  void refusesTwoGtidsOfOneDomainAsTheServerDoes() {
    assertThatThrownBy(() -> pos("0-1-5,1-1-1,0-2-7"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("'0-1-5,1-1-1,0-2-7' is not a MariaDB GTID position: domain 0 appears twice (0-1-5 and 0-2-7);"
            + " a position holds one GTID per domain");
  }

  @Test
  void refusesTwoGtidsOfOneDomainEvenAtSequenceZero() {
    assertThatThrownBy(() -> pos("0-1-0,0-2-7")).hasMessageContaining("domain 0 appears twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4294967296-1-1", "99999999999999999999-1-1"})
  void refusesDomainsOutOfRange(String text) {
    assertThatThrownBy(() -> pos(text)).hasMessageContaining("domain").hasMessageContaining("is out of range 0-4294967295");
  }

  @Test
  void refusesServerIdsOutOfRange() {
    assertThatThrownBy(() -> pos("0-4294967296-1")).hasMessageContaining("server id 4294967296 is out of range 0-4294967295");
  }

  @Test
  void refusesSequenceNumbersOutOfRange() {
    assertThatThrownBy(() -> pos("0-1-18446744073709551616"))
        .hasMessageContaining("sequence number 18446744073709551616 is out of range 0-18446744073709551615");
  }
}
