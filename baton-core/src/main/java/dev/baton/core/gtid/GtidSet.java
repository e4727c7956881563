package dev.baton.core.gtid;

/**
 * The transactions an instance has executed or received, in its flavor's GTID form. Failover
 * decisions rest on three questions: does the candidate hold everything the others hold
 * ({@link #contains}), what does a replica hold that the primary never had ({@link #subtract}:
 * errant transactions), and what has the cluster as a whole seen ({@link #union}).
 *
 * <p>{@code S} is the flavor's own type, so a MySQL set and a MariaDB position can never be
 * compared: mixing them fails to compile instead of failing at run time with a downcast.
 * Values are immutable and normalized, so equal sets are {@code equals} and print the same text.
 *
 * @param <S> the implementing flavor
 */
public sealed interface GtidSet<S extends GtidSet<S>> permits MysqlGtidSet, MariadbGtidPosition {

  /** Whether this holds no transaction at all. */
  boolean isEmpty();

  /** Whether this holds every transaction {@code other} holds (a superset, or equal). */
  boolean contains(S other);

  /** Whether {@code other} holds every transaction this holds; the same as {@code other.contains(this)}. */
  boolean isContainedIn(S other);

  /** Everything either holds: what a replica holds after receiving both. */
  S union(S other);

  /**
   * What this holds beyond {@code other}; empty exactly when this is contained in {@code other}.
   * Against the primary it yields a replica's errant transactions; against a replica it tells
   * whether this is ahead.
   */
  S subtract(S other);

  /**
   * This set without {@code errant} transactions, as far as the flavor can tell them apart: what
   * a replica holds of the cluster's real history. Never smaller than the truth, so a candidate
   * is never believed to hold more than it does.
   */
  S withoutErrant(S errant);

  /** The text the server itself prints for this value; {@code parse} of the flavor reads it back. */
  @Override
  String toString();

  /** The set on one line, for messages: the server's own text breaks lines between sources. */
  static String oneLine(GtidSet<?> set) {
    return set.toString().replace("\n", "");
  }
}
