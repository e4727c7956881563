package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.gtid.MysqlGtidSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Laws of candidate choice over MySQL replicas that share one primary history, {@code A:1-N}:
 * each replica executed a prefix of it (sometimes with a gap, as a multi-threaded applier
 * leaves), may have received more than it executed, and may hold errant transactions of its
 * own. The expectations are computed on plain sets of transaction numbers, not with GtidSet.
 */
class CandidateChooserPropertyTest {
  static final String HISTORY_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  static final List<String> ERRANT_UUIDS =
      List.of("4a6b8c2d-71ca-11e1-9e33-c80aa9429563", "5b7c9d3e-71ca-11e1-9e33-c80aa9429564");
  static final List<InstanceAddress> ADDRESSES = List.of(
      new InstanceAddress("10.0.0.1", 3306), new InstanceAddress("10.0.0.1", 3307),
      new InstanceAddress("10.0.0.2", 3306), new InstanceAddress("10.0.0.10", 3306),
      new InstanceAddress("db-a", 3306), new InstanceAddress("db-b", 3306));

  /** One generated replica: its share of the history as numbers, and its errant transactions. */
  record Replica(InstanceAddress address, SortedSet<Long> history, Optional<String> errantUuid, int errantCount,
      PromotionRule rule, Optional<Long> lag) {

    boolean eligible() {
      return rule != PromotionRule.MUST_NOT && errantUuid.isEmpty();
    }

    ReplicaCandidate<MysqlGtidSet> candidate() {
      String errant = errantUuid.map(u -> u + ":1-" + errantCount).orElse("");
      String held = history.isEmpty() ? errant : text(history) + (errant.isEmpty() ? "" : ",\n" + errant);
      return new ReplicaCandidate<>(address, MysqlGtidSet.parse(held), MysqlGtidSet.parse(errant), rule, lag);
    }

    static String text(SortedSet<Long> numbers) {
      List<String> ranges = new ArrayList<>();
      long first = -1;
      long last = -1;
      for (long n : numbers) {
        if (n != last + 1) {
          if (first > 0) {
            ranges.add(first == last ? "" + first : first + "-" + last);
          }
          first = n;
        }
        last = n;
      }
      ranges.add(first == last ? "" + first : first + "-" + last);
      return HISTORY_UUID + ":" + String.join(":", ranges);
    }
  }

  // --- the model

  private static SortedSet<Long> everyHistory(List<Replica> rs) {
    SortedSet<Long> all = new TreeSet<>();
    rs.forEach(r -> all.addAll(r.history()));
    return all;
  }

  private static List<Replica> eligibleHoldingEverything(List<Replica> rs) {
    SortedSet<Long> all = everyHistory(rs);
    return rs.stream().filter(Replica::eligible).filter(r -> r.history().containsAll(all)).toList();
  }

  private static final Comparator<Replica> PREFERENCE = Comparator
      .comparing((Replica r) -> List.of(PromotionRule.PREFER, PromotionRule.NEUTRAL, PromotionRule.PREFER_NOT)
          .indexOf(r.rule()))
      .thenComparing(r -> r.lag().isEmpty())
      .thenComparing(r -> r.lag().orElse(0L))
      .thenComparing(r -> r.address().host())
      .thenComparing(r -> r.address().port());

  private static CandidateChoice choose(List<Replica> rs, Optional<InstanceAddress> requested) {
    return CandidateChooser.choose(rs.stream().map(Replica::candidate).toList(), requested);
  }

  private static Replica named(List<Replica> rs, InstanceAddress a) {
    return rs.stream().filter(r -> r.address().equals(a)).findFirst().orElseThrow();
  }

  // --- laws

  @Property
  void theChosenReplicasHistoryContainsEveryReplicasHistory(@ForAll("replicas") List<Replica> rs) {
    CandidateChoice choice = choose(rs, Optional.empty());
    Statistics.collect(choice.getClass().getSimpleName());
    Statistics.coverage(c -> {
      c.check("Chosen").percentage(p -> p > 30);
      c.check("Refused").percentage(p -> p > 5);
    });

    if (choice instanceof CandidateChoice.Chosen chosen) {
      ReplicaCandidate<MysqlGtidSet> c = named(rs, chosen.candidate()).candidate();
      assertThat(rs).allSatisfy(r -> assertThat(c.history().contains(r.candidate().history()))
          .as("%s holds %s", r.address(), GtidSet.oneLine(r.candidate().history())).isTrue());
      assertThat(named(rs, chosen.candidate()).history()).containsAll(everyHistory(rs));
    }
  }

  @Property
  void neverChoosesAMustNotReplicaNorOneWithErrantTransactions(@ForAll("replicas") List<Replica> rs) {
    if (choose(rs, Optional.empty()) instanceof CandidateChoice.Chosen chosen) {
      Replica r = named(rs, chosen.candidate());
      assertThat(r.rule()).isNotEqualTo(PromotionRule.MUST_NOT);
      assertThat(r.candidate().errant().isEmpty()).isTrue();
    }
  }

  @Property
  void refusesExactlyWhenNoEligibleReplicaHoldsTheMostAdvancedHistory(@ForAll("replicas") List<Replica> rs) {
    CandidateChoice choice = choose(rs, Optional.empty());
    boolean someoneCanTakeOver = !eligibleHoldingEverything(rs).isEmpty();
    Statistics.collect(someoneCanTakeOver ? "someone eligible holds everything" : "nobody eligible holds everything");

    assertThat(choice instanceof CandidateChoice.Refused).isEqualTo(!someoneCanTakeOver);
  }

  @Property
  void tiesAreBrokenByRuleThenLagWithUnknownLastThenAddress(@ForAll("replicas") List<Replica> rs) {
    List<Replica> complete = eligibleHoldingEverything(rs);
    Statistics.collect(complete.size() > 1 ? "tie" : "no tie");
    Statistics.coverage(c -> c.check("tie").percentage(p -> p > 10));

    if (!complete.isEmpty()) {
      Replica expected = complete.stream().min(PREFERENCE).orElseThrow();
      assertThat(choose(rs, Optional.empty())).isInstanceOfSatisfying(CandidateChoice.Chosen.class,
          chosen -> assertThat(chosen.candidate()).isEqualTo(expected.address()));
    }
  }

  @Property
  void theChoiceDoesNotDependOnTheOrderOfTheReplicas(@ForAll("replicas") List<Replica> rs, @ForAll long seed) {
    List<Replica> shuffled = new ArrayList<>(rs);
    Collections.shuffle(shuffled, new Random(seed));

    CandidateChoice one = choose(rs, Optional.empty());
    CandidateChoice other = choose(shuffled, Optional.empty());

    assertThat(other.getClass()).isEqualTo(one.getClass());
    if (one instanceof CandidateChoice.Chosen a && other instanceof CandidateChoice.Chosen b) {
      assertThat(b.candidate()).isEqualTo(a.candidate());
    }
  }

  @Property
  void reasonsAreOneLine(@ForAll("replicas") List<Replica> rs, @ForAll("anyAddress") Optional<InstanceAddress> to) {
    CandidateChoice choice = choose(rs, to);
    String text = choice instanceof CandidateChoice.Refused r ? r.reason() : ((CandidateChoice.Chosen) choice).why();

    assertThat(text).doesNotContain("\n");
  }

  @Property
  void aRequestedReplicaIsPromotedExactlyWhenEligibleAndHoldingEverything(@ForAll("replicas") List<Replica> rs,
      @ForAll("indexes") int index) {
    Replica wanted = rs.get(index % rs.size());
    boolean divergent = rs.stream().noneMatch(r -> r.history().containsAll(everyHistory(rs)));
    boolean expected = !divergent && wanted.eligible() && wanted.history().containsAll(everyHistory(rs));
    Statistics.collect(expected ? "promoted" : "refused");
    Statistics.coverage(c -> c.check("promoted").percentage(p -> p > 20));

    CandidateChoice choice = choose(rs, Optional.of(wanted.address()));

    assertThat(choice instanceof CandidateChoice.Chosen c && c.candidate().equals(wanted.address()))
        .isEqualTo(expected);
  }

  @Property
  void aRequestedReplicaLackingTransactionsIsRefusedNamingThemAndTheirHolder(@ForAll("replicas") List<Replica> rs,
      @ForAll("indexes") int index) {
    Replica wanted = rs.get(index % rs.size());
    SortedSet<Long> all = everyHistory(rs);
    boolean divergent = rs.stream().noneMatch(r -> r.history().containsAll(all));
    boolean lacking = !wanted.history().containsAll(all);
    Statistics.collect(!divergent && wanted.eligible() && lacking ? "lacking" : "other");
    Statistics.coverage(c -> c.check("lacking").percentage(p -> p > 5));
    if (divergent || !wanted.eligible() || !lacking) {
      return;
    }
    SortedSet<Long> missing = new TreeSet<>(all);
    missing.removeAll(wanted.history());

    CandidateChoice choice = choose(rs, Optional.of(wanted.address()));

    assertThat(choice).isInstanceOfSatisfying(CandidateChoice.Refused.class, r -> {
      assertThat(r.reason()).startsWith("refusing to promote " + wanted.address() + ": its GTID set lacks "
          + Replica.text(missing) + ", held by ");
      InstanceAddress holder = InstanceAddress.parse(r.reason().substring(r.reason().lastIndexOf(' ') + 1));
      assertThat(named(rs, holder).history()).containsAll(all);
    });
  }

  // --- generators

  @Provide
  Arbitrary<Integer> indexes() {
    return Arbitraries.integers().between(0, ADDRESSES.size() - 1);
  }

  /** No request, a replica's address (when generated), or an address that is no replica at all. */
  @Provide
  Arbitrary<Optional<InstanceAddress>> anyAddress() {
    List<InstanceAddress> any = new ArrayList<>(ADDRESSES);
    any.add(new InstanceAddress("10.9.9.9", 3306));
    return Arbitraries.of(any).optional(0.7);
  }

  @Provide
  Arbitrary<List<Replica>> replicas() {
    return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.shuffle(ADDRESSES),
            replica().list().ofMinSize(1).ofMaxSize(ADDRESSES.size()))
        .as((n, addresses, makers) -> IntStream.range(0, makers.size())
            .mapToObj(i -> makers.get(i).of(n, addresses.get(i))).toList());
  }

  interface Maker {
    /** This replica, in a cluster whose primary's history is {@code A:1-n}. */
    Replica of(int n, InstanceAddress address);
  }

  private Arbitrary<Maker> replica() {
    Arbitrary<Optional<Integer>> executed = Arbitraries.integers().between(0, 40).optional(0.6);
    Arbitrary<Integer> receivedBeyond = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 5)));
    Arbitrary<Optional<Integer>> gap = Arbitraries.integers().between(1, 40).optional(0.1);
    Arbitrary<Optional<String>> errant = Arbitraries.of(ERRANT_UUIDS).optional(0.12);
    Arbitrary<PromotionRule> rule = Arbitraries.frequency(Tuple.of(6, PromotionRule.NEUTRAL),
        Tuple.of(2, PromotionRule.PREFER), Tuple.of(2, PromotionRule.PREFER_NOT), Tuple.of(1, PromotionRule.MUST_NOT));
    Arbitrary<Optional<Long>> lag = Arbitraries.longs().between(0, 3).optional(0.8);
    return Combinators.combine(executed, receivedBeyond, gap, errant, Arbitraries.integers().between(1, 3), rule, lag)
        .as((upTo, beyond, hole, errantUuid, errantCount, r, l) -> (n, address) -> {
          // Empty upTo: the replica executed the whole history.
          int k = Math.min(upTo.orElse(n), n);
          SortedSet<Long> history = new TreeSet<>();
          LongStream.rangeClosed(1, k).forEach(history::add);
          hole.filter(h -> h < k).ifPresent(h -> history.remove((long) h));
          // The receiver thread ran ahead of the applier: those transactions are in the relay log.
          LongStream.rangeClosed(k + 1, Math.min(n, k + beyond)).forEach(history::add);
          return new Replica(address, history, errantUuid, errantCount, r, l);
        });
  }

  @Property(tries = 10)
  void theGeneratorWritesHistoriesAsTheServerDoes(@ForAll("replicas") List<Replica> rs) {
    rs.stream().filter(r -> !r.history().isEmpty()).forEach(r -> assertThat(
        GtidSet.oneLine(r.candidate().history())).isEqualTo(Replica.text(r.history())));
    assertThat(rs.stream().map(Replica::address).collect(Collectors.toSet())).hasSize(rs.size());
  }
}
