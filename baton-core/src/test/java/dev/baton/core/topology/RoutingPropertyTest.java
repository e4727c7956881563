package dev.baton.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
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
 * Laws of routing over arbitrary observations and routings in force: fail closed, reads only from
 * replicas of the primary within the lag limits, and no change without a new observation.
 */
class RoutingPropertyTest {
  /** Addresses instances are drawn from; the last one is never a member, only a possible (wrong) source. */
  private static final List<InstanceAddress> ADDRESSES =
      IntStream.range(0, 8).mapToObj(i -> new InstanceAddress("127.0.0.1", 3310 + i)).toList();

  private static final LagLimits LIMITS = LagLimits.DEFAULTS;

  record Scenario(Topology topology, Map<InstanceAddress, InstanceObservation> observations, Routing previous) {
    Routing decide(boolean fallback) {
      return Routing.decide(topology, observations, previous, LIMITS, fallback);
    }
  }

  @Property
  void writeTargetIsEmptyOrTheTopologysWritablePrimary(@ForAll("scenarios") Scenario s, @ForAll boolean fallback) {
    Routing r = s.decide(fallback);
    Statistics.collect(r.write().isPresent());
    Statistics.coverage(c -> c.check(true).percentage(p -> p > 3));

    r.write().ifPresent(w -> {
      assertThat(w).isEqualTo(s.topology().primary());
      InstanceObservation o = s.observations().get(w);
      assertThat(o).isNotNull();
      assertThat(o.reachable()).isTrue();
      assertThat(o.readOnly()).isFalse();
      assertThat(o.superReadOnly()).isFalse();
      assertThat(o.replica()).isEmpty();
    });
  }

  @Property
  void aWritablePrimaryWithoutSourceAlwaysGetsTheWrites(@ForAll("scenarios") Scenario s, @ForAll boolean fallback) {
    InstanceObservation o = s.observations().get(s.topology().primary());
    boolean eligible = o != null && o.writable() && o.replica().isEmpty();

    assertThat(s.decide(fallback).write().isPresent()).isEqualTo(eligible);
  }

  @Property
  void readTargetsAreReplicatingReplicasOfThePrimaryInTopologyOrder(@ForAll("scenarios") Scenario s) {
    Routing r = s.decide(false);
    Statistics.collect(r.read().isEmpty() ? "no reads" : "reads");
    Statistics.coverage(c -> c.check("reads").percentage(p -> p > 10));

    assertThat(r.read()).isSubsetOf(s.topology().replicas());
    assertThat(r.read()).allSatisfy(a -> {
      InstanceObservation o = s.observations().get(a);
      assertThat(o.reachable()).isTrue();
      assertThat(o.replica()).hasValueSatisfying(st -> {
        assertThat(st.ioRunning()).isTrue();
        assertThat(st.sqlRunning()).isTrue();
        assertThat(st.source()).isEqualTo(s.topology().primary());
      });
    });
    List<InstanceAddress> inTopologyOrder = s.topology().replicas().stream().filter(r.read()::contains).toList();
    assertThat(r.read()).isEqualTo(inTopologyOrder);
  }

  @Property
  void thePrimaryTakesReadsOnlyAsTheFallbackAndOnlyWhenItTakesWrites(@ForAll("scenarios") Scenario s,
      @ForAll boolean fallback) {
    Routing r = s.decide(fallback);
    Routing withoutFallback = s.decide(false);

    if (r.read().contains(s.topology().primary())) {
      assertThat(fallback).isTrue();
      assertThat(r.write()).contains(s.topology().primary());
      assertThat(r.read()).containsExactly(s.topology().primary());
      assertThat(withoutFallback.read()).isEmpty();
    } else {
      assertThat(r.read()).isEqualTo(withoutFallback.read());
    }
  }

  @Property
  void aReplicaTakesReadsOnlyWithinTheLagLimitOfItsStanding(@ForAll("scenarios") Scenario s, @ForAll boolean fallback) {
    Routing r = s.decide(fallback);

    r.read().stream().filter(a -> !a.equals(s.topology().primary())).forEach(a -> {
      long lag = s.observations().get(a).replica().orElseThrow().lagSeconds().orElseThrow();
      Duration limit = s.previous().read().contains(a) ? LIMITS.excludeAbove() : LIMITS.readmitBelow().minusSeconds(1);
      assertThat(Duration.ofSeconds(lag)).isLessThanOrEqualTo(limit);
    });
  }

  @Property
  void aReplicaTakingReadsStaysWhileItReplicatesFromThePrimaryWithinTheExclusionLimit(
      @ForAll("scenarios") Scenario s) {
    Routing r = s.decide(false);

    s.previous().read().stream().filter(s.topology().replicas()::contains).forEach(a -> {
      InstanceObservation o = s.observations().get(a);
      boolean fine = o != null && o.replicating() && o.replica().get().source().equals(s.topology().primary())
          && o.replica().get().lagSeconds().filter(l -> l <= LIMITS.excludeAbove().toSeconds()).isPresent();
      assertThat(r.read().contains(a)).as("%s in the read set", a).isEqualTo(fine);
    });
  }

  @Property
  void decidingAgainOnTheSameObservationsChangesNothing(@ForAll("scenarios") Scenario s, @ForAll boolean fallback) {
    Routing once = s.decide(fallback);
    Routing twice = new Scenario(s.topology(), s.observations(), once).decide(fallback);

    assertThat(twice).isEqualTo(once);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.integers().between(1, 7).flatMap(size -> Combinators.combine(
        Arbitraries.integers().between(0, size - 1),
        Arbitraries.shuffle(ADDRESSES.subList(0, size)),
        observation().optional(0.9).list().ofSize(size),
        Arbitraries.of(true, false).list().ofSize(size))
        .as((primaryIndex, members, probes, wasReading) -> {
          InstanceAddress primary = members.get(primaryIndex);
          List<InstanceAddress> replicas = members.stream().filter(a -> !a.equals(primary)).toList();
          Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();
          for (int i = 0; i < size; i++) {
            InstanceAddress a = members.get(i);
            probes.get(i).ifPresent(p -> seen.put(a, p.apply(a, primary)));
          }
          List<InstanceAddress> reading =
              IntStream.range(0, size).filter(wasReading::get).mapToObj(members::get).toList();
          return new Scenario(new Topology(primary, replicas), seen, new Routing(Optional.empty(), reading));
        }));
  }

  /** An observation of an instance, given its address and the intended primary (a likely replication source). */
  private Arbitrary<BiFunction<InstanceAddress, InstanceAddress, InstanceObservation>> observation() {
    Arbitrary<Boolean> mostlyTrue = Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false));
    Arbitrary<Boolean> mostlyFalse = mostlyTrue.map(b -> !b);
    Arbitrary<Optional<InstanceAddress>> otherSource = Arbitraries.of(ADDRESSES).optional(0.25);
    Arbitrary<Optional<Long>> lag = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(0, LIMITS.readmitBelow().toSeconds())),
        Tuple.of(1, Arbitraries.longs().between(0, 2 * LIMITS.excludeAbove().toSeconds()))).optional(0.9);
    Arbitrary<Optional<Function<InstanceAddress, ReplicaStatus>>> replica =
        Combinators.combine(otherSource, mostlyTrue, mostlyTrue, lag)
            .as((other, io, sql, seconds) -> (Function<InstanceAddress, ReplicaStatus>) primary ->
                new ReplicaStatus(other.orElse(primary), io, sql, seconds, Optional.empty(), ""))
            .optional(0.5);
    return Combinators.combine(mostlyTrue, mostlyFalse, mostlyFalse, replica, Arbitraries.of("", "Connection refused"))
        .as((reachable, readOnly, superReadOnly, status, error) -> (a, primary) -> new InstanceObservation(a,
            Instant.EPOCH, reachable, reachable ? Optional.empty() : Optional.of(error), "", "", readOnly,
            superReadOnly, "", status.map(f -> f.apply(primary))));
  }
}
