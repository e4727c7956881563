package dev.baton.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The writer's acknowledged rows with the wall-clock time of each acknowledgement, and its
 * failures: statements that failed on an open connection (a fence ends the old primary's
 * sessions) and connection attempts that failed (what a switchover must never cause).
 */
final class AckLog {
  record Ack(long id, long atMillis) {}

  private final List<Ack> acks = new ArrayList<>();
  private final List<Long> failures = new ArrayList<>();
  private final List<Long> failedConnects = new ArrayList<>();

  synchronized void acked(long id, long atMillis) {
    acks.add(new Ack(id, atMillis));
  }

  synchronized void failed(long atMillis) {
    failures.add(atMillis);
  }

  /** A failed connection attempt; also a failure. */
  synchronized void failedToConnect(long atMillis) {
    failures.add(atMillis);
    failedConnects.add(atMillis);
  }

  synchronized long failedConnectsBetween(long from, long to) {
    return failedConnects.stream().filter(f -> f >= from && f <= to).count();
  }

  synchronized List<Ack> since(long millis) {
    return acks.stream().filter(a -> a.atMillis() >= millis).toList();
  }

  /** The first failed attempt at or after {@code millis}: when the writer first noticed the fault. */
  synchronized java.util.Optional<Long> firstFailureSince(long millis) {
    return failures.stream().filter(f -> f >= millis).findFirst();
  }

  synchronized long failuresBetween(long from, long to) {
    return failures.stream().filter(f -> f >= from && f <= to).count();
  }

  /** The longest time between two acknowledgements in [from, to]: how long writes were blocked. */
  synchronized long longestGap(long from, long to) {
    List<Long> times = new ArrayList<>(acks.stream().map(Ack::atMillis).filter(t -> t >= from && t <= to).toList());
    long gap = 0;
    for (int i = 1; i < times.size(); i++) {
      gap = Math.max(gap, times.get(i) - times.get(i - 1));
    }
    return gap;
  }
}
