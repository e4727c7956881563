package dev.baton.agent.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Holds the latest value of something and its version. Readers either take the latest or wait
 * for one newer than what they have: that is how the router hears of a new primary at once,
 * without polling.
 */
public final class Board<T> {
  private Versioned<T> current;
  private final List<Waiter<T>> waiters = new ArrayList<>();

  private record Waiter<T>(long after, CompletableFuture<Versioned<T>> future) {}

  public Board(T initial) {
    this.current = new Versioned<>(1, initial);
  }

  public synchronized Versioned<T> latest() {
    return current;
  }

  /** Publishes a value; the version grows only when the value differs from the current one. */
  public void publish(T value) {
    List<Waiter<T>> ready = new ArrayList<>();
    Versioned<T> published;
    synchronized (this) {
      if (Objects.equals(current.value(), value)) {
        return;
      }
      current = new Versioned<>(current.version() + 1, value);
      published = current;
      waiters.removeIf(w -> {
        if (w.after < published.version()) {
          ready.add(w);
          return true;
        }
        return false;
      });
    }
    ready.forEach(w -> w.future.complete(published));
  }

  /** Completes when a version newer than {@code after} exists; at once if it already does. */
  public synchronized CompletableFuture<Versioned<T>> after(long after) {
    if (current.version() > after) {
      return CompletableFuture.completedFuture(current);
    }
    CompletableFuture<Versioned<T>> f = new CompletableFuture<>();
    waiters.add(new Waiter<>(after, f));
    f.whenComplete((v, e) -> {
      synchronized (this) {
        waiters.removeIf(w -> w.future == f);
      }
    });
    return f;
  }
}
