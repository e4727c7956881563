package dev.baton.agent.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one action per node at once. Initializing and starting servers is mostly waiting on
 * disk, and doing three in a row takes three times as long.
 */
final class Parallel {
  interface Action<T> {
    void run(T item) throws IOException, InterruptedException;
  }

  private Parallel() {}

  /** Waits for all; the first failure is rethrown after every action has ended. */
  static <T> void forEach(List<T> items, Action<T> action) throws IOException, InterruptedException {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (T item : items) {
      all.add(CompletableFuture.runAsync(() -> {
        try {
          action.run(item);
        } catch (IOException e) {
          throw new CompletionException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CompletionException(e);
        }
      }));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof InterruptedException ie) {
        throw ie;
      }
      // Unwrapped, so that callers can tell a typed failure (a taken port) from any other.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
