package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseDeadlinesTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  private static final HeldLease MASTER = new HeldLease(new Lease("master_lock", "a", Epoch.FIRST, Duration.ofSeconds(2)), 7, 0);

  private final LeaseDeadlines deadlines = new LeaseDeadlines();

  @Test
  void aLeaseIsDueOnlyAfterItsTtl() {
    long t0 = 1_000 * SECOND;
    deadlines.start(MASTER, t0);

    assertThat(deadlines.due(t0 + 2 * SECOND - 1)).isEmpty();
    assertThat(deadlines.due(t0 + 2 * SECOND)).containsExactly(new Command.Expire("master_lock", Epoch.FIRST, 7));
  }

  @Test
  void aGrantRestartsTheTimer() {
    deadlines.start(MASTER, 0);
    HeldLease renewed = new HeldLease(MASTER.lease(), 9, 0);
    deadlines.start(renewed, SECOND);

    assertThat(deadlines.due(2 * SECOND)).isEmpty();
    assertThat(deadlines.due(3 * SECOND)).containsExactly(new Command.Expire("master_lock", Epoch.FIRST, 9));
  }

  @Test
  void anExpiryIsProposedAgainOnlyAfterAQuietPeriod() {
    deadlines.start(MASTER, 0);

    assertThat(deadlines.due(2 * SECOND)).hasSize(1);
    assertThat(deadlines.due(2 * SECOND + LeaseDeadlines.REPROPOSE_AFTER.toNanos() - 1)).isEmpty();
    assertThat(deadlines.due(2 * SECOND + LeaseDeadlines.REPROPOSE_AFTER.toNanos())).hasSize(1);
  }

  @Test
  void aNewLeaderRestartsEveryTimerAtFullTtl() {
    deadlines.start(MASTER, 0);
    long becameLeader = 3 * SECOND;

    deadlines.restartAll(List.of(MASTER), becameLeader);

    assertThat(deadlines.due(becameLeader + 2 * SECOND - 1)).isEmpty();
    assertThat(deadlines.due(becameLeader + 2 * SECOND)).hasSize(1);
  }

  @Test
  void restartForgetsLeasesNoLongerHeld() {
    deadlines.start(MASTER, 0);

    deadlines.restartAll(List.of(), SECOND);

    assertThat(deadlines.due(100 * SECOND)).isEmpty();
  }

  @Test
  void anEndedLeaseIsNeverDue() {
    deadlines.start(MASTER, 0);
    deadlines.stop("master_lock");

    assertThat(deadlines.due(100 * SECOND)).isEmpty();
  }

  @Test
  void worksAcrossTheWrapOfTheNanoClock() {
    long nearWrap = Long.MAX_VALUE - SECOND;
    deadlines.start(MASTER, nearWrap);

    assertThat(deadlines.due(nearWrap + SECOND)).isEmpty();
    assertThat(deadlines.due(nearWrap + 2 * SECOND)).hasSize(1);
  }
}
