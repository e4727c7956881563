package dev.baton.agent.monitor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BoardTest {

  @Test
  void startsAtVersionOneWithTheInitialValue() {
    assertThat(new Board<>("a").latest()).isEqualTo(new Versioned<>(1, "a"));
  }

  @Test
  void publishingADifferentValueBumpsTheVersion() {
    Board<String> board = new Board<>("a");

    board.publish("b");

    assertThat(board.latest()).isEqualTo(new Versioned<>(2, "b"));
  }

  @Test
  void publishingAnEqualValueKeepsTheVersion() {
    Board<List<String>> board = new Board<>(List.of("x"));

    board.publish(new ArrayList<>(List.of("x")));

    assertThat(board.latest().version()).isEqualTo(1);
  }

  @Test
  void nullValuesAreComparedLikeAnyOther() {
    Board<String> board = new Board<>(null);

    board.publish(null);
    board.publish("a");

    assertThat(board.latest()).isEqualTo(new Versioned<>(2, "a"));
  }

  @Test
  void afterAnOlderVersionCompletesAtOnceWithTheLatest() throws Exception {
    Board<String> board = new Board<>("a");
    board.publish("b");

    CompletableFuture<Versioned<String>> f = board.after(1);

    assertThat(f).isCompletedWithValue(new Versioned<>(2, "b"));
  }

  @Test
  void afterTheLatestVersionWaitsForTheNextPublish() throws Exception {
    Board<String> board = new Board<>("a");

    CompletableFuture<Versioned<String>> f = board.after(1);
    assertThat(f).isNotDone();
    board.publish("b");

    assertThat(f.get(5, SECONDS)).isEqualTo(new Versioned<>(2, "b"));
  }

  @Test
  void anEqualPublishDoesNotWakeWaiters() {
    Board<String> board = new Board<>("a");

    CompletableFuture<Versioned<String>> f = board.after(1);
    board.publish("a");

    assertThat(f).isNotDone();
  }

  @Test
  void waitersForAFutureVersionWaitUntilItExists() throws Exception {
    Board<Integer> board = new Board<>(0);

    CompletableFuture<Versioned<Integer>> f = board.after(2);
    board.publish(1);
    assertThat(f).isNotDone();
    board.publish(2);

    assertThat(f.get(5, SECONDS)).isEqualTo(new Versioned<>(3, 2));
  }

  @Test
  void aCancelledWaiterDoesNotDisturbLaterPublishes() throws Exception {
    Board<String> board = new Board<>("a");
    CompletableFuture<Versioned<String>> cancelled = board.after(1);
    CompletableFuture<Versioned<String>> waiting = board.after(1);

    cancelled.cancel(false);
    board.publish("b");

    assertThat(waiting.get(5, SECONDS).value()).isEqualTo("b");
    assertThat(cancelled).isCancelled();
  }

  @Test
  void concurrentWaitersAllCompleteOnOnePublish() throws Exception {
    Board<String> board = new Board<>("a");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CompletableFuture<Versioned<String>>>> registered = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        registered.add(pool.submit(() -> board.after(1)));
      }
      List<CompletableFuture<Versioned<String>>> waiters = new ArrayList<>();
      for (Future<CompletableFuture<Versioned<String>>> r : registered) {
        waiters.add(r.get(5, SECONDS));
      }

      pool.submit(() -> board.publish("b")).get(5, SECONDS);

      for (CompletableFuture<Versioned<String>> w : waiters) {
        assertThat(w.get(5, SECONDS)).isEqualTo(new Versioned<>(2, "b"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentPublishesOfDistinctValuesEachGetTheirOwnVersion() throws Exception {
    Board<Integer> board = new Board<>(-1);
    CompletableFuture<Versioned<Integer>> waiter = board.after(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> publishes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int value = i;
        publishes.add(pool.submit(() -> board.publish(value)));
      }
      for (Future<?> p : publishes) {
        p.get(5, SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(board.latest().version()).isEqualTo(201);
    assertThat(waiter.get(5, SECONDS).version()).isEqualTo(2);
  }
}
