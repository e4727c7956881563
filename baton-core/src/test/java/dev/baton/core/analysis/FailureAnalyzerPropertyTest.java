package dev.baton.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.MysqlGtidSet;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Laws of failure analysis over arbitrary probe rounds. The central one: a manager cut off from
 * a primary that a replica still receives from must never fail it over.
 */
class FailureAnalyzerPropertyTest {
  private static final InstanceAddress P = Probe.address(3310);
  private static final InstanceAddress ELSEWHERE = Probe.address(3399);
  private static final List<InstanceAddress> REPLICAS =
      IntStream.range(1, 5).mapToObj(i -> Probe.address(3310 + i)).toList();

  /** One probe round; an instance missing from {@code observations} was not probed. */
  record Scenario(Topology topology, Map<InstanceAddress, InstanceObservation> observations) {
    List<InstanceObservation> reachableReplicas() {
      return topology.replicas().stream().map(observations::get).filter(o -> o != null && o.reachable()).toList();
    }

    boolean someReplicaReceivesFromThePrimary() {
      return reachableReplicas().stream()
          .anyMatch(o -> o.replica().filter(s -> s.source().equals(P) && s.ioRunning()).isPresent());
    }
  }

  @Property
  void anUnreachablePrimaryYieldsExactlyOneFindingAboutThePrimary(@ForAll("primaryDown") Scenario s) {
    List<Analysis> found = analyze(s);

    assertThat(found).singleElement().satisfies(a -> assertThat(a.instance()).isEqualTo(P));
  }

  @Property
  void failoverIsCalledForExactlyWhenNoReachableReplicaStillReceivesFromThePrimary(
      @ForAll("primaryDown") Scenario s) {
    Analysis a = analyze(s).get(0);
    boolean expected = !s.reachableReplicas().isEmpty() && !s.someReplicaReceivesFromThePrimary();
    Statistics.collect(a.code());
    Statistics.coverage(c -> {
      c.check(AnalysisCode.UNREACHABLE_PRIMARY).percentage(p -> p > 5);
      c.check(AnalysisCode.DEAD_PRIMARY).percentage(p -> p > 5);
      c.check(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS).percentage(p -> p > 5);
    });

    assertThat(a.code().callsForFailover()).isEqualTo(expected);
    assertThat(a.code() == AnalysisCode.UNREACHABLE_PRIMARY).isEqualTo(s.someReplicaReceivesFromThePrimary());
  }

  @Property
  void aReachablePrimaryNeverCallsForFailover(@ForAll("primaryUp") Scenario s) {
    assertThat(analyze(s)).noneMatch(a -> a.code().callsForFailover());
  }

  @Property
  void findingsAreOneLine(@ForAll("anyRound") Scenario s) {
    assertThat(analyze(s)).allSatisfy(a -> assertThat(a.toString()).doesNotContain("\n"));
  }

  private static List<Analysis> analyze(Scenario s) {
    return FailureAnalyzer.analyze(s.topology(), s.observations(), Optional.empty(), AnalysisSettings.DEFAULTS,
        MysqlGtidSet::parse);
  }

  @Provide
  Arbitrary<Scenario> primaryDown() {
    return scenarios(Arbitraries.of(Optional.<InstanceObservation>empty(), Optional.of(Probe.unreachable(P))));
  }

  @Provide
  Arbitrary<Scenario> primaryUp() {
    return scenarios(Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((ro, sro) -> Optional.of(Probe.primary(P).gtids(Probe.UUID_P + ":1-100").readOnly(ro, sro).observed())));
  }

  @Provide
  Arbitrary<Scenario> anyRound() {
    return Arbitraries.oneOf(primaryDown(), primaryUp());
  }

  private Arbitrary<Scenario> scenarios(Arbitrary<Optional<InstanceObservation>> primary) {
    return Arbitraries.integers().between(0, REPLICAS.size()).flatMap(n -> Combinators.combine(
            primary, replica().list().ofSize(n))
        .as((p, probes) -> {
          Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();
          p.ifPresent(o -> seen.put(P, o));
          for (int i = 0; i < n; i++) {
            InstanceAddress a = REPLICAS.get(i);
            probes.get(i).ifPresent(f -> seen.put(a, f.observe(a)));
          }
          return new Scenario(new Topology(P, REPLICAS.subList(0, n)), seen);
        }));
  }

  interface Observe {
    InstanceObservation observe(InstanceAddress a);
  }

  /** A replica's probe: mostly reachable, replicating from the primary or elsewhere, threads and errors at random. */
  private Arbitrary<Optional<Observe>> replica() {
    Arbitrary<Optional<ReplicaStatus>> status = Combinators.combine(Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(P)), Tuple.of(1, Arbitraries.just(ELSEWHERE))),
            Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.longs().between(0, 30).optional(),
            Arbitraries.of("Connection refused", "Duplicate entry '7'").optional(0.2),
            Arbitraries.of("", Probe.UUID_P + ":1-90"))
        .as(ReplicaStatus::new).optional(0.9);
    Arbitrary<String> gtids = Arbitraries.of(Probe.UUID_P + ":1-100", Probe.UUID_P + ":1-90",
        Probe.UUID_P + ":1-100," + Probe.UUID_R + ":1-3," + Probe.UUID_S + ":5");
    Arbitrary<Observe> reachable = Combinators.combine(status, gtids, Arbitraries.of(true, false))
        .as((st, g, ro) -> a -> new InstanceObservation(a, Probe.AT, true, Optional.empty(), "8.4.0", "", ro, ro, g, st));
    Arbitrary<Observe> down = Arbitraries.just(Probe::unreachable);
    return Arbitraries.frequencyOf(Tuple.of(6, reachable), Tuple.of(2, down))
        .optional(0.9);
  }
}
