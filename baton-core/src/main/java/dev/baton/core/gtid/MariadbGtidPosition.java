package dev.baton.core.gtid;

import dev.baton.core.cluster.InvalidSettingException;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position, as in {@code gtid_current_pos}, {@code gtid_slave_pos} and
 * {@code gtid_binlog_pos}: for each replication domain, the last transaction applied. Within a
 * domain sequence numbers only grow (Baton runs with {@code gtid_strict_mode}), so a position
 * stands for every transaction of the domain up to its sequence number.
 *
 * <p>That makes position A contained in B when B has each of A's domains at the same or a
 * higher sequence number. The server id does not take part: two positions at the same sequence
 * number with different server ids contain each other although their histories have diverged.
 * Positions cannot show such a divergence at all; only the binary logs can.
 */
public final class MariadbGtidPosition implements GtidSet<MariadbGtidPosition> {
  private static final String EXPECTED = "expected domain-server-seq[,domain-server-seq...]";
  private static final Pattern GTID = Pattern.compile("([0-9]+)-([0-9]+)-([0-9]+)");

  /** Never holds sequence number 0: a domain at 0 has no transaction and is left out. */
  private final SortedMap<Long, MariadbGtid> byDomain;

  private MariadbGtidPosition(SortedMap<Long, MariadbGtid> byDomain) {
    this.byDomain = Collections.unmodifiableSortedMap(byDomain);
  }

  /**
   * Reads a position as the server prints it: comma-separated {@code domain-server-seq}, at
   * most one per domain (the server refuses more). Whitespace around the items is ignored, and
   * the empty text is the empty position. A domain at sequence number 0, which the server
   * accepts, holds no transaction and is dropped.
   *
   * @throws InvalidSettingException naming the text and what is wrong with it
   */
  public static MariadbGtidPosition parse(String text) {
    Objects.requireNonNull(text, "text");
    SortedMap<Long, MariadbGtid> read = new TreeMap<>();
    if (text.isBlank()) {
      return new MariadbGtidPosition(read);
    }
    for (String item : text.split(",", -1)) {
      MariadbGtid gtid = gtid(text, item.strip());
      MariadbGtid twice = read.put(gtid.domain(), gtid);
      if (twice != null) {
        throw refused(text, "domain " + gtid.domain() + " appears twice (" + twice + " and " + gtid
            + "); a position holds one GTID per domain");
      }
    }
    read.values().removeIf(g -> g.seq() == 0);
    return new MariadbGtidPosition(read);
  }

  private static MariadbGtid gtid(String text, String item) {
    Matcher m = GTID.matcher(item);
    if (!m.matches()) {
      throw refused(text, item.equals(text.strip()) ? EXPECTED : EXPECTED + " (at " + GtidText.quote(item) + ")");
    }
    long domain = id(text, "domain", m.group(1));
    long serverId = id(text, "server id", m.group(2));
    try {
      return new MariadbGtid(domain, serverId, Long.parseUnsignedLong(m.group(3)));
    } catch (NumberFormatException tooLong) {
      throw refused(text, "sequence number " + m.group(3) + " is out of range 0-" + Long.toUnsignedString(-1L));
    }
  }

  private static long id(String text, String what, String digits) {
    try {
      long id = Long.parseLong(digits);
      if (id <= MariadbGtid.MAX_ID) {
        return id;
      }
    } catch (NumberFormatException tooLong) {
      // Out of range like any other number beyond the limit.
    }
    throw refused(text, what + " " + digits + " is out of range 0-" + MariadbGtid.MAX_ID);
  }

  private static InvalidSettingException refused(String text, String why) {
    return new InvalidSettingException(GtidText.quote(text) + " is not a MariaDB GTID position: " + why);
  }

  @Override
  public boolean isEmpty() {
    return byDomain.isEmpty();
  }

  @Override
  public boolean contains(MariadbGtidPosition other) {
    return other.byDomain.values().stream().allMatch(theirs -> {
      MariadbGtid mine = byDomain.get(theirs.domain());
      return mine != null && !theirs.isAfter(mine);
    });
  }

  @Override
  public boolean isContainedIn(MariadbGtidPosition other) {
    return other.contains(this);
  }

  /** Per domain the later GTID; at an equal sequence number, the one of the higher server id. */
  @Override
  public MariadbGtidPosition union(MariadbGtidPosition other) {
    SortedMap<Long, MariadbGtid> all = new TreeMap<>(byDomain);
    other.byDomain.values().forEach(g -> all.merge(g.domain(), g, MariadbGtid::later));
    return new MariadbGtidPosition(all);
  }

  /**
   * This position's own GTID in every domain where it is ahead of {@code other}, or that
   * {@code other} lacks. The entry names the last transaction this holds beyond {@code other};
   * the transactions themselves are those of the domain after {@code other}'s sequence number
   * (from the first, when {@code other} lacks the domain) up to the entry's. Keeping the entry,
   * rather than a range, keeps the result a position, printable in the server's own form.
   */
  @Override
  public MariadbGtidPosition withoutErrant(MariadbGtidPosition errant) {
    // A position keeps one sequence number per domain: an errant write cannot be taken out of
    // its domain without losing what precedes it there. The position is kept whole, so an errant
    // replica counts as holding at most what it really holds, and a refusal is the worst outcome.
    return this;
  }

  @Override
  public MariadbGtidPosition subtract(MariadbGtidPosition other) {
    SortedMap<Long, MariadbGtid> ahead = new TreeMap<>();
    byDomain.forEach((domain, mine) -> {
      MariadbGtid theirs = other.byDomain.get(domain);
      if (theirs == null || mine.isAfter(theirs)) {
        ahead.put(domain, mine);
      }
    });
    return new MariadbGtidPosition(ahead);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MariadbGtidPosition other && byDomain.equals(other.byDomain);
  }

  @Override
  public int hashCode() {
    return byDomain.hashCode();
  }

  /** The server's text: {@code domain-server-seq} items by ascending domain, separated by commas. */
  @Override
  public String toString() {
    return byDomain.values().stream().map(MariadbGtid::toString).collect(Collectors.joining(","));
  }
}
