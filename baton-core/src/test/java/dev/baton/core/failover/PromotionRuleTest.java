package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromotionRuleTest {
  @Test
  void parsesTheOperatorsSpellings() {
    assertThat(PromotionRule.parse("must-not")).isEqualTo(PromotionRule.MUST_NOT);
    assertThat(PromotionRule.parse("MUST_NOT")).isEqualTo(PromotionRule.MUST_NOT);
    assertThat(PromotionRule.parse("Prefer-Not")).isEqualTo(PromotionRule.PREFER_NOT);
    assertThat(PromotionRule.parse(" prefer ")).isEqualTo(PromotionRule.PREFER);
    assertThat(PromotionRule.parse("neutral")).isEqualTo(PromotionRule.NEUTRAL);
  }

  @ParameterizedTest
  @EnumSource(PromotionRule.class)
  void theIdReadsBack(PromotionRule rule) {
    assertThat(PromotionRule.parse(rule.id())).isEqualTo(rule);
    assertThat(rule.toString()).isEqualTo(rule.id());
  }

  @Test
  void refusesAnUnknownRuleNamingTheChoices() {
    assertThatThrownBy(() -> PromotionRule.parse("sometimes"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("unknown promotion rule 'sometimes': use one of prefer, neutral, prefer_not, must_not");
  }

  @Test
  void theRefusalStaysOnOneLine() {
    assertThatThrownBy(() -> PromotionRule.parse("must\nnot"))
        .isInstanceOf(InvalidSettingException.class)
        .message().doesNotContain("\n").contains("must\\x0anot");
  }

  @Test
  void refusesNothing() {
    assertThatThrownBy(() -> PromotionRule.parse(null)).isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("unknown promotion rule ''");
    assertThatThrownBy(() -> PromotionRule.parse("  ")).isInstanceOf(InvalidSettingException.class);
  }
}
