package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class MysqlGtidSetPropertyTest extends GtidSetLaws<MysqlGtidSet> {
  static final List<String> UUIDS = List.of(
      "3e11fa47-71ca-11e1-9e33-c80aa9429562", "aaaaaaaa-71ca-11e1-9e33-c80aa9429562", "0d1f2e3c-0000-4000-8000-00000000000a");
  static final List<String> TAGS = List.of("", "", "", "blue", "b_2");

  /** Some transactions of one source, as a user or a server might write them. */
  record Piece(String uuid, String tag, long first, long last) {
    String text() {
      return uuid + (tag.isEmpty() ? "" : ":" + tag) + ":" + (first == last ? first : first + "-" + last);
    }

    LongStream numbers() {
      return LongStream.rangeClosed(first, last);
    }
  }

  @Override
  MysqlGtidSet parse(String text) {
    return MysqlGtidSet.parse(text);
  }

  @Override
  @Provide
  Arbitrary<MysqlGtidSet> sets() {
    Arbitrary<Piece> nearTheLimit = Combinators.combine(Arbitraries.of(UUIDS), Arbitraries.of(TAGS),
            Arbitraries.longs().between(Interval.MAX_TRANSACTION - 20, Interval.MAX_TRANSACTION),
            Arbitraries.longs().between(0, 20))
        .as((uuid, tag, first, length) -> new Piece(uuid, tag, first, first + Math.min(length, Interval.MAX_TRANSACTION - first)));
    return Arbitraries.frequencyOf(Tuple.of(9, pieces()), Tuple.of(1, nearTheLimit.list().ofMaxSize(4)))
        .map(MysqlGtidSetPropertyTest::text)
        .map(MysqlGtidSet::parse);
  }

  @Provide
  Arbitrary<List<Piece>> pieces() {
    return Combinators.combine(Arbitraries.of(UUIDS), Arbitraries.of(TAGS), Arbitraries.longs().between(1, 40),
            Arbitraries.longs().between(0, 8))
        .as((uuid, tag, first, length) -> new Piece(uuid, tag, first, first + length))
        .list().ofMaxSize(8);
  }

  @Override
  @Provide
  Arbitrary<String> nearlyValidTexts() {
    return Arbitraries.strings().withChars("0123456789abcdefABCDEF-:, \n_tgXZ").ofMaxLength(60)
        .edgeCases(e -> e.add(UUIDS.get(0) + ":"));
  }

  @Property
  void unionAndSubtractAndContainsAgreeWithSetsOfSingleTransactions(
      @ForAll("pieces") List<Piece> a, @ForAll("pieces") List<Piece> b) {
    Set<String> left = model(a);
    Set<String> right = model(b);
    Set<String> union = new HashSet<>(left);
    union.addAll(right);
    Set<String> difference = new HashSet<>(left);
    difference.removeAll(right);

    MysqlGtidSet x = MysqlGtidSet.parse(text(a));
    MysqlGtidSet y = MysqlGtidSet.parse(text(b));
    assertThat(x.union(y)).isEqualTo(fromModel(union));
    assertThat(x.subtract(y)).isEqualTo(fromModel(difference));
    assertThat(x.contains(y)).isEqualTo(left.containsAll(right));
    assertThat(x.isEmpty()).isEqualTo(left.isEmpty());
  }

  @Property
  void printsSortedLowerCaseSourcesWithSortedDisjointNonAdjacentIntervals(@ForAll("pieces") List<Piece> a) {
    String text = MysqlGtidSet.parse(text(a)).toString();
    List<String> uuids = new ArrayList<>();
    for (String item : text.isEmpty() ? new String[0] : text.split(",\n")) {
      String[] parts = item.split(":");
      uuids.add(parts[0]);
      List<String> tags = new ArrayList<>();
      long previousEnd = -1;
      for (int i = 1; i < parts.length; i++) {
        if (Character.isDigit(parts[i].charAt(0))) {
          String[] ends = parts[i].split("-");
          long first = Long.parseLong(ends[0]);
          long last = Long.parseLong(ends[ends.length - 1]);
          assertThat(first).isGreaterThan(previousEnd + 1).isLessThanOrEqualTo(last);
          previousEnd = last;
        } else {
          tags.add(parts[i]);
          previousEnd = -1;
        }
      }
      assertThat(tags).isSorted().doesNotHaveDuplicates();
    }
    assertThat(uuids).isSorted().doesNotHaveDuplicates().allMatch(u -> u.equals(u.toLowerCase(Locale.ROOT)));
  }

  @Property
  void howTheTextIsWrittenDoesNotMatter(@ForAll("pieces") List<Piece> a, @ForAll long seed) {
    List<String> items = new ArrayList<>(a.stream().map(Piece::text).toList());
    Random random = new Random(seed);
    Collections.shuffle(items, random);
    String messy = items.stream()
        .map(i -> random.nextBoolean() ? i.toUpperCase(Locale.ROOT) : i)
        .map(i -> random.nextBoolean() ? " \n" + i.replace(":", " : ") + "\t" : i)
        .collect(Collectors.joining(random.nextBoolean() ? ",\n" : ",,"));

    assertThat(MysqlGtidSet.parse(messy)).isEqualTo(MysqlGtidSet.parse(text(a)));
  }

  @Property
  void whatIsBeyondTheOtherTogetherWithTheOtherIsExactlyTheUnion(@ForAll("sets") MysqlGtidSet a,
      @ForAll("sets") MysqlGtidSet b) {
    assertThat(a.subtract(b).union(b)).isEqualTo(a.union(b));
  }

  static String text(List<Piece> pieces) {
    return pieces.stream().map(Piece::text).collect(Collectors.joining(","));
  }

  static Set<String> model(List<Piece> pieces) {
    return pieces.stream()
        .flatMap(p -> p.numbers().mapToObj(n -> new Piece(p.uuid(), p.tag(), n, n).text()))
        .collect(Collectors.toSet());
  }

  static MysqlGtidSet fromModel(Set<String> transactions) {
    return MysqlGtidSet.parse(String.join(",", transactions));
  }
}
