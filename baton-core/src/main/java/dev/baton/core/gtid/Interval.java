package dev.baton.core.gtid;

/** Consecutive MySQL transaction numbers {@code first} to {@code last}, both included. */
record Interval(long first, long last) {
  /** MySQL refuses 2^63-1 as a transaction number: it keeps intervals half-open internally. */
  static final long MAX_TRANSACTION = Long.MAX_VALUE - 1;

  Interval {
    if (first < 1 || first > last || last > MAX_TRANSACTION) {
      throw new IllegalArgumentException("not an interval of transaction numbers: " + first + "-" + last);
    }
  }

  @Override
  public String toString() {
    return first == last ? Long.toString(first) : first + "-" + last;
  }
}
