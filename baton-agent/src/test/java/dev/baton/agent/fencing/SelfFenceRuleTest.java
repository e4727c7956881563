package dev.baton.agent.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.recovery.LeaseKeeper;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelfFenceRuleTest {
  private static final SelfFenceRule RULE = SelfFenceRule.of(LeaseKeeper.DEFAULT_TTL);

  @Test
  void theDefaultsFenceBeforeAnyObserverMayConsiderTheLeaseExpired() {
    assertThat(RULE.fenceAfter()).isEqualTo(Duration.ofMillis(3500));
    // The latest fence starts one check interval after the limit, still within the TTL.
    assertThat(RULE.fenceAfter().plus(SelfFenceRule.CHECK_INTERVAL)).isLessThan(LeaseKeeper.DEFAULT_TTL);
    // Two renewal periods (TTL/4 each) pass without an answer before a fence.
    assertThat(RULE.fenceAfter()).isGreaterThanOrEqualTo(LeaseKeeper.DEFAULT_TTL.dividedBy(4).multipliedBy(2));
  }

  @Test
  void thePrimarysAgentFencesOnceTheStoreHasBeenSilentForTtlMinusMargin() {
    assertThat(RULE.mustFence(true, Optional.of(Duration.ofMillis(3499)), false)).isFalse();
    assertThat(RULE.mustFence(true, Optional.of(Duration.ofMillis(3500)), false)).isTrue();
    assertThat(RULE.mustFence(true, Optional.of(Duration.ofSeconds(60)), false)).isTrue();
  }

  @Test
  void onlyTheAgentOfThePrimaryFences() {
    assertThat(RULE.mustFence(false, Optional.of(Duration.ofSeconds(60)), false)).isFalse();
  }

  @Test
  void itFencesOncePerSilence() {
    assertThat(RULE.mustFence(true, Optional.of(Duration.ofSeconds(60)), true)).isFalse();
  }

  @Test
  void beforeTheFirstAnswerThereIsNothingToFence() {
    assertThat(RULE.mustFence(true, Optional.empty(), false)).isFalse();
  }

  @Test
  void aMarginThatLeavesLessThanTwoRenewalsOrNoTimeToCheckIsRefused() {
    assertThatThrownBy(() -> new SelfFenceRule(Duration.ofSeconds(5), Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("self-fence margin (3000 ms) must leave at least two renewal periods (TTL/2 = 2500 ms)"
            + " of the master_lock TTL (5000 ms) before the fence");
    assertThatThrownBy(() -> new SelfFenceRule(Duration.ofSeconds(5), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("self-fence margin (100 ms) must be longer than the check interval");
  }
}
