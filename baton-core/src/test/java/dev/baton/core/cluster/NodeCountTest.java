package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeCountTest {

  @ParameterizedTest
  @ValueSource(ints = {3, 5, 7})
  void oddCountsFromThreeToSevenAreAccepted(int value) {
    assertThat(new NodeCount(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 2, 4, 6, 8, 9, 11, Integer.MAX_VALUE})
  void otherCountsAreRefusedWithAMessageAskingForAnOddCount(int value) {
    assertThatThrownBy(() -> new NodeCount(value))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("odd")
        .hasMessageContaining(Integer.toString(value))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void defaultIsAValidCount() {
    assertThat(new NodeCount(NodeCount.DEFAULT).value()).isEqualTo(3);
  }
}
