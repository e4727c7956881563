package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The laws over positions of one shared history, where a domain's sequence number decides which
 * server committed it, as in a healthy cluster, and also over diverged positions, where two servers
 * may have committed the same sequence number: all laws hold for both except antisymmetry, which
 * positions cannot offer once server ids differ.
 */
class MariadbGtidPositionPropertyTest extends GtidSetLaws<MariadbGtidPosition> {
  static final int SERVERS = 3;

  @Override
  MariadbGtidPosition parse(String text) {
    return MariadbGtidPosition.parse(text);
  }

  @Override
  @Provide
  Arbitrary<MariadbGtidPosition> sets() {
    return Arbitraries.frequencyOf(Tuple.of(3, oneHistory()), Tuple.of(1, diverged()));
  }

  @Provide
  Arbitrary<MariadbGtidPosition> oneHistory() {
    return positions(Arbitraries.just(-1L));
  }

  @Provide
  Arbitrary<MariadbGtidPosition> diverged() {
    return positions(Arbitraries.longs().between(1, SERVERS));
  }

  /** @param serverIds a server id, or -1 to let the domain and sequence number choose it */
  private static Arbitrary<MariadbGtidPosition> positions(Arbitrary<Long> serverIds) {
    Arbitrary<Long> seqs = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(0, 12)),
        Tuple.of(1, Arbitraries.longs().between(Long.MAX_VALUE - 3, Long.MAX_VALUE)),
        Tuple.of(1, Arbitraries.longs().between(-4, -1)));
    return Arbitraries.maps(Arbitraries.longs().between(0, 3), seqs).ofMaxSize(4)
        .flatMap(seqByDomain -> serverIds.list().ofSize(seqByDomain.size()).map(ids -> text(seqByDomain, ids)))
        .map(MariadbGtidPosition::parse);
  }

  private static String text(Map<Long, Long> seqByDomain, List<Long> serverIds) {
    List<String> items = new ArrayList<>();
    for (Map.Entry<Long, Long> e : new TreeMap<>(seqByDomain).entrySet()) {
      long id = serverIds.get(items.size());
      long serverId = id > 0 ? id : 1 + Long.remainderUnsigned(e.getKey() + e.getValue(), SERVERS);
      items.add(e.getKey() + "-" + serverId + "-" + Long.toUnsignedString(e.getValue()));
    }
    return String.join(",", items);
  }

  @Override
  @Provide
  Arbitrary<String> nearlyValidTexts() {
    return Arbitraries.strings().withChars("0123456789--,, \n").ofMaxLength(40)
        .edgeCases(e -> e.add("4294967296-1-1").add("0-1-18446744073709551616"));
  }

  @Override
  @Property
  void containsIsAntisymmetric(@ForAll("oneHistory") MariadbGtidPosition a, @ForAll("oneHistory") MariadbGtidPosition b) {
    if (a.contains(b) && b.contains(a)) {
      assertThat(a).isEqualTo(b);
    }
  }

  @Property
  void mutuallyContainedPositionsDifferAtMostInServerIds(@ForAll("diverged") MariadbGtidPosition a,
      @ForAll("diverged") MariadbGtidPosition b) {
    if (a.contains(b) && b.contains(a)) {
      assertThat(withoutServerIds(a)).isEqualTo(withoutServerIds(b));
    }
  }

  @Property
  void subtractIsEmptyOrHoldsOnlyEntriesOfThisPosition(@ForAll("sets") MariadbGtidPosition a,
      @ForAll("sets") MariadbGtidPosition b) {
    String beyond = a.subtract(b).toString();

    assertThat(beyond.isEmpty() ? List.of() : List.of(beyond.split(","))).isSubsetOf(List.of(a.toString().split(",")));
  }

  private static String withoutServerIds(MariadbGtidPosition p) {
    return p.toString().replaceAll("-[0-9]+-", "-");
  }
}
