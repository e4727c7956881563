package dev.baton.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTest {
  private static final InstanceAddress P = Probe.address(3310);
  private static final InstanceAddress OTHER = Probe.address(3311);
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusMillis(200);
  private static final Instant T2 = T1.plusMillis(200);
  private static final DetectionSettings THREE = new DetectionSettings(3, Duration.ofMillis(200));

  private static final Analysis DEAD = new Analysis(AnalysisCode.DEAD_PRIMARY, P, "unreachable");
  private static final Analysis DEAD_AND_SOME =
      new Analysis(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS, P, "unreachable, one replica too");
  private static final Analysis LAGGING = new Analysis(AnalysisCode.LAGGING_REPLICA, OTHER, "99 s behind");

  private static Detection rounds(Detection start, List<List<Analysis>> findings, Instant first) {
    Detection d = start;
    Instant now = first;
    for (List<Analysis> round : findings) {
      d = Detector.next(d, round, now);
      now = now.plusMillis(200);
    }
    return d;
  }

  @Test
  void aFirstSightingStartsAPendingDetectionOfOneRound() {
    Detection d = Detector.next(Detection.NONE, List.of(DEAD), T0);

    assertThat(d.pending()).isTrue();
    assertThat(d.analysis()).contains(DEAD);
    assertThat(d.rounds()).isEqualTo(1);
    assertThat(d.since()).contains(T0);
  }

  @Test
  void consecutiveRoundsOfTheSameFailureCountUpAndKeepTheirStart() {
    Detection d = rounds(Detection.NONE, List.of(List.of(DEAD), List.of(DEAD), List.of(DEAD)), T0);

    assertThat(d.rounds()).isEqualTo(3);
    assertThat(d.since()).contains(T0);
  }

  @Test
  void changedDetailsOfTheSameFailureStillCount() {
    Detection once = Detector.next(Detection.NONE, List.of(DEAD), T0);

    Detection twice = Detector.next(once, List.of(new Analysis(AnalysisCode.DEAD_PRIMARY, P, "timeout")), T1);

    assertThat(twice.rounds()).isEqualTo(2);
    assertThat(twice.analysis().orElseThrow().details()).isEqualTo("timeout");
  }

  @Test
  void confirmedOnlyAfterTheConfiguredNumberOfRounds() {
    Detection one = Detector.next(Detection.NONE, List.of(DEAD), T0);
    Detection two = Detector.next(one, List.of(DEAD), T1);
    Detection three = Detector.next(two, List.of(DEAD), T2);

    assertThat(Detector.confirmed(one, THREE)).isFalse();
    assertThat(Detector.confirmed(two, THREE)).isFalse();
    assertThat(Detector.confirmed(three, THREE)).isTrue();
  }

  @Test
  void theDefaultsConfirmOnTheSecondRound() {
    Detection one = Detector.next(Detection.NONE, List.of(DEAD), T0);
    Detection two = Detector.next(one, List.of(DEAD), T1);

    assertThat(Detector.confirmed(one, DetectionSettings.DEFAULTS)).isFalse();
    assertThat(Detector.confirmed(two, DetectionSettings.DEFAULTS)).isTrue();
  }

  @Test
  void oneConfirmationConfirmsAtOnce() {
    DetectionSettings once = new DetectionSettings(1, Duration.ofMillis(200));

    assertThat(Detector.confirmed(Detector.next(Detection.NONE, List.of(DEAD), T0), once)).isTrue();
  }

  @Test
  void nothingIsConfirmedWithoutAFailure() {
    assertThat(Detector.confirmed(Detection.NONE, new DetectionSettings(1, Duration.ofMillis(1)))).isFalse();
  }

  @Test
  void aRoundWithoutTheFailureResetsTheCount() {
    Detection two = rounds(Detection.NONE, List.of(List.of(DEAD), List.of(DEAD)), T0);

    Detection gone = Detector.next(two, List.of(), T2);
    Detection back = Detector.next(gone, List.of(DEAD), T2.plusMillis(200));

    assertThat(gone).isEqualTo(Detection.NONE);
    assertThat(back.rounds()).isEqualTo(1);
    assertThat(back.since()).contains(T2.plusMillis(200));
  }

  @Test
  void aDifferentCodeStartsCountingAgain() {
    Detection two = rounds(Detection.NONE, List.of(List.of(DEAD), List.of(DEAD)), T0);

    Detection changed = Detector.next(two, List.of(DEAD_AND_SOME), T2);

    assertThat(changed.analysis()).contains(DEAD_AND_SOME);
    assertThat(changed.rounds()).isEqualTo(1);
    assertThat(changed.since()).contains(T2);
    assertThat(Detector.confirmed(changed, DetectionSettings.DEFAULTS)).isFalse();
  }

  @Test
  void theSameCodeOnAnotherInstanceStartsCountingAgain() {
    Detection two = rounds(Detection.NONE, List.of(List.of(DEAD), List.of(DEAD)), T0);

    Detection moved = Detector.next(two, List.of(new Analysis(AnalysisCode.DEAD_PRIMARY, OTHER, "unreachable")), T2);

    assertThat(moved.rounds()).isEqualTo(1);
    assertThat(moved.since()).contains(T2);
  }

  @Test
  void findingsThatDoNotCallForFailoverAreNotDetected() {
    Analysis unreachable = new Analysis(AnalysisCode.UNREACHABLE_PRIMARY, P, "a replica still receives");

    Detection d = Detector.next(Detector.next(Detection.NONE, List.of(DEAD), T0), List.of(unreachable, LAGGING), T1);

    assertThat(d).isEqualTo(Detection.NONE);
  }

  @Test
  void aFailureAmongOtherFindingsIsDetected() {
    Detection d = Detector.next(Detection.NONE, List.of(LAGGING, DEAD), T0);

    assertThat(d.analysis()).contains(DEAD);
  }

  @Test
  void settingsRefuseFewerThanOneConfirmationAndANonPositiveReprobeInterval() {
    assertThatThrownBy(() -> new DetectionSettings(0, Duration.ofMillis(200)))
        .hasMessage("confirmations must be >= 1, got 0");
    assertThatThrownBy(() -> new DetectionSettings(2, Duration.ZERO))
        .hasMessage("reprobeInterval must be positive, got PT0S");
  }
}
