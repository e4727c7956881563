package dev.baton.core.gtid;

import dev.baton.core.cluster.InvalidSettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or Percona Server GTID set, as in {@code gtid_executed}, {@code gtid_purged} and
 * {@code Retrieved_Gtid_Set}: for each source server uuid, and each tag (MySQL 8.3 and later,
 * so 8.4 LTS and 9.x), the numbers of the transactions held. Kept in the server's normal form —
 * uuids and tags lower-case and sorted, intervals merged, sources without transactions
 * dropped — so that {@link #toString()} is exactly what {@code GTID_SUBTRACT(set, '')} returns.
 */
public final class MysqlGtidSet implements GtidSet<MysqlGtidSet> {
  private static final String EXPECTED = "expected uuid:interval[:interval...][,uuid:...]";
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");
  private static final Pattern INTERVAL = Pattern.compile("([0-9]+)\\s*(?:-\\s*([0-9]+))?");

  /** Never holds an empty {@link Intervals}: a source without transactions is not in the set. */
  private final SortedMap<Tsid, Intervals> transactions;

  private MysqlGtidSet(SortedMap<Tsid, Intervals> transactions) {
    this.transactions = Collections.unmodifiableSortedMap(transactions);
  }

  /**
   * Reads the text a server prints or accepts: comma-separated {@code uuid:interval[:interval...]}
   * items, where an interval is {@code n} or {@code n-m} (1-based, both ends included) and a tag
   * among the intervals applies to those after it ({@code uuid:1-5:tag:1-3}). Whitespace and
   * newlines around the separators are ignored, as are empty items and sources without
   * intervals. Stricter than
   * the server in two ways that only catch typing mistakes: a uuid must be written with its
   * dashes and without braces, and an interval may not end before it starts (the server reads
   * {@code 5-3} as nothing).
   *
   * @throws InvalidSettingException naming the text and what is wrong with it
   */
  public static MysqlGtidSet parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<Tsid, List<Interval>> read = new TreeMap<>();
    for (String item : text.split(",", -1)) {
      String[] parts = item.split(":", -1);
      String uuid = parts[0].strip();
      if (parts.length == 1 && uuid.isEmpty()) {
        continue;
      }
      if (!UUID.matcher(uuid).matches()) {
        throw refused(text, at(text, item));
      }
      Tsid source = new Tsid(uuid.toLowerCase(Locale.ROOT), "");
      for (int i = 1; i < parts.length; i++) {
        String part = parts[i].strip();
        Matcher interval = INTERVAL.matcher(part);
        if (TAG.matcher(part).matches()) {
          source = new Tsid(source.uuid(), part.toLowerCase(Locale.ROOT));
        } else if (interval.matches()) {
          read.computeIfAbsent(source, s -> new ArrayList<>()).add(interval(text, part, interval));
        } else {
          throw refused(text, at(text, item));
        }
      }
    }
    SortedMap<Tsid, Intervals> normalized = new TreeMap<>();
    read.forEach((source, intervals) -> normalized.put(source, Intervals.of(intervals)));
    return new MysqlGtidSet(normalized);
  }

  private static Interval interval(String text, String part, Matcher m) {
    long first = transactionNumber(text, part, m.group(1));
    long last = m.group(2) == null ? first : transactionNumber(text, part, m.group(2));
    if (last < first) {
      throw refused(text, "interval " + part + " ends before it starts");
    }
    return new Interval(first, last);
  }

  private static long transactionNumber(String text, String part, String digits) {
    try {
      long n = Long.parseLong(digits);
      if (n >= 1 && n <= Interval.MAX_TRANSACTION) {
        return n;
      }
    } catch (NumberFormatException tooLong) {
      // Out of range like any other number beyond the limit.
    }
    throw refused(text, "transaction number " + digits + " in " + part + " is out of range 1-" + Interval.MAX_TRANSACTION);
  }

  private static String at(String text, String piece) {
    return piece.strip().equals(text.strip()) ? EXPECTED : EXPECTED + " (at " + GtidText.quote(piece.strip()) + ")";
  }

  private static InvalidSettingException refused(String text, String why) {
    return new InvalidSettingException(GtidText.quote(text) + " is not a MySQL GTID set: " + why);
  }

  @Override
  public boolean isEmpty() {
    return transactions.isEmpty();
  }

  @Override
  public boolean contains(MysqlGtidSet other) {
    return other.subtract(this).isEmpty();
  }

  @Override
  public boolean isContainedIn(MysqlGtidSet other) {
    return other.contains(this);
  }

  @Override
  public MysqlGtidSet union(MysqlGtidSet other) {
    SortedMap<Tsid, Intervals> all = new TreeMap<>(transactions);
    other.transactions.forEach((source, intervals) -> all.merge(source, intervals, Intervals::union));
    return new MysqlGtidSet(all);
  }

  /** Sets of transaction ids take errant ones out exactly. */
  @Override
  public MysqlGtidSet withoutErrant(MysqlGtidSet errant) {
    return subtract(errant);
  }

  /** The exact set difference, as {@code GTID_SUBTRACT(this, other)} computes it. */
  @Override
  public MysqlGtidSet subtract(MysqlGtidSet other) {
    SortedMap<Tsid, Intervals> rest = new TreeMap<>();
    transactions.forEach((source, intervals) -> {
      Intervals left = intervals.subtract(other.transactions.getOrDefault(source, Intervals.NONE));
      if (!left.isEmpty()) {
        rest.put(source, left);
      }
    });
    return new MysqlGtidSet(rest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MysqlGtidSet other && transactions.equals(other.transactions);
  }

  @Override
  public int hashCode() {
    return transactions.hashCode();
  }

  /**
   * The server's text: {@code uuid:1-5:7:tag:1-3}, untagged intervals before the tags, one
   * uuid per item and items separated by a comma and a newline, as in {@code gtid_executed}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    String uuid = null;
    for (Map.Entry<Tsid, Intervals> e : transactions.entrySet()) {
      Tsid source = e.getKey();
      if (!source.uuid().equals(uuid)) {
        text.append(uuid == null ? "" : ",\n").append(source.uuid());
        uuid = source.uuid();
      }
      if (!source.tag().isEmpty()) {
        text.append(':').append(source.tag());
      }
      text.append(':').append(e.getValue());
    }
    return text.toString();
  }
}
