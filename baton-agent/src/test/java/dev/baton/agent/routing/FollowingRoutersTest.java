package dev.baton.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FollowingRoutersTest {
  private static final long GONE = FollowingRouters.GONE_AFTER.toNanos();

  private final FollowingRouters routers = new FollowingRouters();

  @Test
  void aRouterIsBehindUntilItPollsForChangesAfterTheVersion() {
    routers.polling("r1", 4);
    routers.polling("r2", 5);

    assertThat(routers.standing(5, 0).behind()).containsExactly("r1");
    routers.answering("r1", 10);
    assertThat(routers.standing(5, 20).behind()).as("answered, not yet asking again").containsExactly("r1");
    routers.polling("r1", 5);
    assertThat(routers.standing(5, 30).behind()).isEmpty();
    assertThat(routers.standing(6, 30).behind()).containsExactly("r1", "r2");
    assertThat(routers.standing(6, 30).following()).containsExactly("r1", "r2");
  }

  @Test
  void aRouterThatDoesNotPollAgainAfterAnAnswerIsForgotten() {
    routers.polling("gone", 1);
    routers.answering("gone", 100);

    assertThat(routers.standing(2, 100 + GONE).behind()).containsExactly("gone");
    assertThat(routers.standing(2, 101 + GONE).behind()).isEmpty();
    routers.polling("gone", 2);
    assertThat(routers.standing(3, 200 + 2 * GONE).behind()).as("back, and tracked again").containsExactly("gone");
  }

  @Test
  void aRouterWaitingOnItsPollIsNeverForgotten() {
    routers.polling("waiting", 1);

    assertThat(routers.standing(2, 100 * GONE).behind()).containsExactly("waiting");
  }

  @Test
  void namesBeyondTheLimitAreNotTracked() {
    for (int i = 0; i < FollowingRouters.MAX_TRACKED; i++) {
      routers.polling("r" + i, 1);
    }
    routers.polling("one-too-many", 0);
    routers.polling("r0", 0);

    assertThat(routers.standing(1, 0).behind()).containsExactly("r0");
  }
}
