package dev.baton.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Detection over arbitrary sequences of rounds: confirmed exactly after N equal consecutive failures. */
class DetectorPropertyTest {
  private static final InstanceAddress P = Probe.address(3310);
  private static final InstanceAddress R = Probe.address(3311);
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Property
  void confirmedExactlyWhenTheLastRoundsAllSawTheSameFailure(@ForAll("histories") List<List<Analysis>> rounds,
      @ForAll @IntRange(min = 1, max = 4) int confirmations) {
    DetectionSettings settings = new DetectionSettings(confirmations, Duration.ofMillis(200));
    Detection d = Detection.NONE;
    for (int i = 0; i < rounds.size(); i++) {
      d = Detector.next(d, rounds.get(i), T0.plusSeconds(i));
    }

    List<Optional<String>> keys = rounds.stream().map(DetectorPropertyTest::failureKey).toList();
    Optional<String> last = keys.isEmpty() ? Optional.empty() : keys.get(keys.size() - 1);
    int streak = 0;
    for (int i = keys.size() - 1; i >= 0 && last.isPresent() && keys.get(i).equals(last); i--) {
      streak++;
    }
    boolean expected = streak >= confirmations;
    Statistics.collect(expected ? "confirmed" : "not confirmed");
    Statistics.coverage(c -> c.check("confirmed").percentage(p -> p > 10));

    assertThat(Detector.confirmed(d, settings)).isEqualTo(expected);
    assertThat(d.rounds()).isEqualTo(streak);
    if (streak > 0) {
      assertThat(d.since()).contains(T0.plusSeconds(rounds.size() - streak));
    } else {
      assertThat(d).isEqualTo(Detection.NONE);
    }
  }

  /** The code and instance of the first finding that calls for failover: what the detector follows. */
  private static Optional<String> failureKey(List<Analysis> round) {
    return round.stream().filter(a -> a.code().callsForFailover()).findFirst()
        .map(a -> a.code() + "@" + a.instance());
  }

  @Provide
  Arbitrary<List<List<Analysis>>> histories() {
    Arbitrary<Analysis> finding = Arbitraries.of(
        new Analysis(AnalysisCode.DEAD_PRIMARY, P, "unreachable"),
        new Analysis(AnalysisCode.DEAD_PRIMARY, P, "timeout"),
        new Analysis(AnalysisCode.DEAD_PRIMARY, R, "unreachable"),
        new Analysis(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS, P, "unreachable"),
        new Analysis(AnalysisCode.UNREACHABLE_PRIMARY, P, "a replica still receives"),
        new Analysis(AnalysisCode.LAGGING_REPLICA, R, "99 s behind"));
    Arbitrary<List<Analysis>> round = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(List.of(new Analysis(AnalysisCode.DEAD_PRIMARY, P, "unreachable")))),
        Tuple.of(2, finding.list().ofMaxSize(2)));
    return round.list().ofMaxSize(10);
  }
}
