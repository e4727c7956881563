package dev.baton.core.gtid;

import java.util.Comparator;

/**
 * One MariaDB GTID, {@code domain-server-seq}: the {@code seq}-th transaction of a replication
 * domain, committed by server {@code serverId}. Domain and server ids are unsigned 32-bit;
 * {@code seq} is unsigned 64-bit, held in a long and always compared as unsigned.
 */
record MariadbGtid(long domain, long serverId, long seq) {
  static final long MAX_ID = 0xFFFF_FFFFL;

  /**
   * Later by sequence number; at an equal one, the higher server id. Two servers with the same
   * sequence number in a domain have diverged, which a position cannot show; the server id only
   * makes the choice the same whichever way round the two are given.
   */
  private static final Comparator<MariadbGtid> ORDER =
      Comparator.comparing(MariadbGtid::seq, Long::compareUnsigned).thenComparingLong(MariadbGtid::serverId);

  MariadbGtid {
    if (domain < 0 || domain > MAX_ID || serverId < 0 || serverId > MAX_ID) {
      throw new IllegalArgumentException("domain and server id must be unsigned 32-bit: " + domain + "-" + serverId);
    }
  }

  boolean isAfter(MariadbGtid other) {
    return Long.compareUnsigned(seq, other.seq) > 0;
  }

  static MariadbGtid later(MariadbGtid a, MariadbGtid b) {
    return ORDER.compare(a, b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return domain + "-" + serverId + "-" + Long.toUnsignedString(seq);
  }
}
