package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MysqlGtidSetTest {
  static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  static final String B = "aaaaaaaa-71ca-11e1-9e33-c80aa9429562";

  @Test
  void printsWhatTheServerPrints() {
    assertThat(MysqlGtidSet.parse(A + ":1-5:7," + B + ":3")).hasToString(A + ":1-5:7,\n" + B + ":3");
  }

  @Test
  void readsTheServersMultiLineOutputBack() {
    String executed = A + ":1-100,\n" + B + ":1-20:22";

    assertThat(MysqlGtidSet.parse(executed)).hasToString(executed);
  }

  @Test
  void mergesOverlappingAndAdjacentIntervals() {
    assertThat(MysqlGtidSet.parse(A + ":1-5:3-9:10:12:13-14")).hasToString(A + ":1-10:12-14");
  }

  @Test
  void mergesItemsOfTheSameUuidAndSortsByUuid() {
    assertThat(MysqlGtidSet.parse(B + ":2," + A + ":4-6," + B + ":1," + A + ":1-3")).hasToString(A + ":1-6,\n" + B + ":1-2");
  }

  @Test
  void writesSingleTransactionsWithoutARange() {
    assertThat(MysqlGtidSet.parse(A + ":7-7")).hasToString(A + ":7");
  }

  @Test
  void lowerCasesUuidsAndTags() {
    assertThat(MysqlGtidSet.parse(A.toUpperCase() + ":Batch_1:1")).hasToString(A + ":batch_1:1");
  }

  @Test
  void ignoresWhitespaceAroundSeparatorsAndEmptyItems() {
    assertThat(MysqlGtidSet.parse("\n , " + A + " : 1 - 5 ,\n\t" + B + ":2 ,,")).hasToString(A + ":1-5,\n" + B + ":2");
  }

  @Test
  void acceptsLeadingZerosAsTheServerDoes() {
    assertThat(MysqlGtidSet.parse(A + ":01-003")).hasToString(A + ":1-3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n", ",,", A, A + ":tag", " " + A + " "})
  void readsTextWithoutTransactionsAsTheEmptySet(String text) {
    MysqlGtidSet set = MysqlGtidSet.parse(text);

    assertThat(set.isEmpty()).isTrue();
    assertThat(set).hasToString("");
  }

  @Test
  void printsUntaggedIntervalsFirstThenTagsInByteOrder() {
    MysqlGtidSet set = MysqlGtidSet.parse(A + ":b:1:a_:1:a1:1:_x:1:a:1:ab:1:A0:2," + A + ":3-4");

    assertThat(set).hasToString(A + ":3-4:_x:1:a:1:a0:2:a1:1:a_:1:ab:1:b:1");
  }

  @Test
  void aTagAppliesToTheIntervalsAfterIt() {
    assertThat(MysqlGtidSet.parse(A + ":1-2:blue:5:7:green:1-3")).hasToString(A + ":1-2:blue:5:7:green:1-3");
    assertThat(MysqlGtidSet.parse(A + ":tag:other:1")).hasToString(A + ":other:1");
  }

  @Test
  void taggedAndUntaggedTransactionsOfOneUuidAreDifferentTransactions() {
    MysqlGtidSet tagged = MysqlGtidSet.parse(A + ":tag:1-3");
    MysqlGtidSet untagged = MysqlGtidSet.parse(A + ":1-3");

    assertThat(tagged.contains(untagged)).isFalse();
    assertThat(untagged.contains(tagged)).isFalse();
    assertThat(tagged.union(untagged)).hasToString(A + ":1-3:tag:1-3");
  }

  @Test
  void acceptsTheLargestTransactionNumberTheServerAccepts() {
    assertThat(MysqlGtidSet.parse(A + ":1-9223372036854775806")).hasToString(A + ":1-9223372036854775806");
    assertThat(MysqlGtidSet.parse(A + ":9223372036854775805:9223372036854775806"))
        .hasToString(A + ":9223372036854775805-9223372036854775806");
  }

  @Test
  void subtractsLikeGtidSubtract() {
    MysqlGtidSet replica = MysqlGtidSet.parse(A + ":1-10:tag:1-4," + B + ":1-3");
    MysqlGtidSet primary = MysqlGtidSet.parse(A + ":3-4:tag:2," + B + ":1-3");

    assertThat(replica.subtract(primary)).hasToString(A + ":1-2:5-10:tag:1:3-4");
    assertThat(primary.subtract(replica).isEmpty()).isTrue();
  }

  @Test
  void subtractingFromTheMiddleSplitsAnInterval() {
    assertThat(MysqlGtidSet.parse(A + ":1-100").subtract(MysqlGtidSet.parse(A + ":2:50-60:100")))
        .hasToString(A + ":1:3-49:61-99");
  }

  @Test
  void aReplicaWithAnErrantTransactionIsNotContainedInThePrimary() {
    MysqlGtidSet primary = MysqlGtidSet.parse(A + ":1-1207");
    MysqlGtidSet replica = MysqlGtidSet.parse(A + ":1-1200," + B + ":1");

    assertThat(replica.isContainedIn(primary)).isFalse();
    assertThat(primary.contains(replica)).isFalse();
    assertThat(replica.subtract(primary)).hasToString(B + ":1");
  }

  @Test
  void aLaggingReplicaIsContainedInThePrimary() {
    MysqlGtidSet primary = MysqlGtidSet.parse(A + ":1-1207");
    MysqlGtidSet replica = MysqlGtidSet.parse(A + ":1-1200");

    assertThat(replica.isContainedIn(primary)).isTrue();
    assertThat(primary.contains(replica)).isTrue();
    assertThat(primary.subtract(replica)).hasToString(A + ":1201-1207");
  }

  @Test
  void aGapInTheMiddleIsNotContained() {
    assertThat(MysqlGtidSet.parse(A + ":1-5:7-10").contains(MysqlGtidSet.parse(A + ":4-8"))).isFalse();
  }

  @Test
  void everySetContainsTheEmptySet() {
    MysqlGtidSet empty = MysqlGtidSet.parse("");

    assertThat(MysqlGtidSet.parse(A + ":1").contains(empty)).isTrue();
    assertThat(empty.contains(empty)).isTrue();
    assertThat(empty.contains(MysqlGtidSet.parse(A + ":1"))).isFalse();
  }

  @Test
  void unitesIntervalsOfEachSource() {
    MysqlGtidSet a = MysqlGtidSet.parse(A + ":1-5," + B + ":1");
    MysqlGtidSet b = MysqlGtidSet.parse(A + ":6-8:10");

    assertThat(a.union(b)).hasToString(A + ":1-8:10,\n" + B + ":1");
  }

  @Test
  void setsWrittenDifferentlyAreEqual() {
    MysqlGtidSet a = MysqlGtidSet.parse(A + ":1-3:4-5," + B + ":1");
    MysqlGtidSet b = MysqlGtidSet.parse(B.toUpperCase() + ":1,\n" + A + ":1-5");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void refusesTextThatIsNotASetWithTheExpectedForm() {
    assertThatThrownBy(() -> MysqlGtidSet.parse("abc"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("'abc' is not a MySQL GTID set: expected uuid:interval[:interval...][,uuid:...]");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      A + ":", A + "::1", A + ":1:", A + ":1x:1", A + ":+1", A + ":1-", A + ":-1", A + ":1-2-3", A + ":tag:",
      A + ":a-b", A + ":abcdefghijabcdefghijabcdefghij123:1", A + ":t@g:1", A + ":1 2",
      "3e11fa4771ca11e19e33c80aa9429562:1", "{" + A + "}:1", "3e11fa47-71ca-11e1-9e33-c80aa942956:1",
      "3e11fa47-71ca-11e1-9e33-c80aa942956g:1", ":1", A + ":1;" + B + ":1"})
  void refusesMalformedTextNamingTheItem(String text) {
    assertThatThrownBy(() -> MysqlGtidSet.parse(text))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("'" + text + "' is not a MySQL GTID set: expected uuid:interval");
  }

  @Test
  void pointsAtTheBadItemOfALongerSet() {
    assertThatThrownBy(() -> MysqlGtidSet.parse(A + ":1-5,\n" + B + ":1x"))
        .hasMessage("'" + A + ":1-5,\\n" + B + ":1x' is not a MySQL GTID set: "
            + "expected uuid:interval[:interval...][,uuid:...] (at '" + B + ":1x')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0-3", "9223372036854775807", "1-9223372036854775807", "99999999999999999999"})
  void refusesTransactionNumbersOutOfRange(String interval) {
    assertThatThrownBy(() -> MysqlGtidSet.parse(A + ":" + interval))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("is out of range 1-9223372036854775806");
  }

  @Test
  void refusesAnIntervalThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> MysqlGtidSet.parse(A + ":5-3"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("'" + A + ":5-3' is not a MySQL GTID set: interval 5-3 ends before it starts");
  }

  @Test
  void keepsRefusalsOfLongMultiLineTextOnOneShortLine() {
    String huge = (A + ":1-5,\n").repeat(1000) + "oops";

    assertThatThrownBy(() -> MysqlGtidSet.parse(huge))
        .isInstanceOf(InvalidSettingException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
  }
}
