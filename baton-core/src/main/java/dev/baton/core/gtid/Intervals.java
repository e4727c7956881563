package dev.baton.core.gtid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The transaction numbers one MySQL source holds, in the server's own normal form: sorted,
 * with overlapping and adjacent intervals merged, so that equal sets have equal lists.
 */
final class Intervals {
  static final Intervals NONE = new Intervals(List.of());

  private final List<Interval> ranges;

  private Intervals(List<Interval> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  static Intervals of(List<Interval> any) {
    List<Interval> sorted = new ArrayList<>(any);
    sorted.sort(Comparator.comparingLong(Interval::first));
    List<Interval> merged = new ArrayList<>();
    for (Interval next : sorted) {
      int lastIndex = merged.size() - 1;
      // last + 1 cannot overflow: MAX_TRANSACTION is below Long.MAX_VALUE.
      if (lastIndex >= 0 && next.first() <= merged.get(lastIndex).last() + 1) {
        Interval last = merged.get(lastIndex);
        merged.set(lastIndex, new Interval(last.first(), Math.max(last.last(), next.last())));
      } else {
        merged.add(next);
      }
    }
    return new Intervals(merged);
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  Intervals union(Intervals other) {
    return of(Stream.concat(ranges.stream(), other.ranges.stream()).toList());
  }

  /** Walks both sorted lists once, cutting each of this list's intervals around {@code other}'s. */
  Intervals subtract(Intervals other) {
    List<Interval> rest = new ArrayList<>();
    int skip = 0;
    for (Interval mine : ranges) {
      while (skip < other.ranges.size() && other.ranges.get(skip).last() < mine.first()) {
        skip++;
      }
      long from = mine.first();
      for (int i = skip; i < other.ranges.size() && from <= mine.last(); i++) {
        Interval cut = other.ranges.get(i);
        if (cut.first() > mine.last()) {
          break;
        }
        if (cut.first() > from) {
          rest.add(new Interval(from, cut.first() - 1));
        }
        from = Math.max(from, cut.last() + 1);
      }
      if (from <= mine.last()) {
        rest.add(new Interval(from, mine.last()));
      }
    }
    return new Intervals(rest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && ranges.equals(other.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  /** {@code 1-5:7:9-12}, as the server writes one source's intervals. */
  @Override
  public String toString() {
    return ranges.stream().map(Interval::toString).collect(Collectors.joining(":"));
  }
}
