package dev.baton.cli.bench;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks every instance every 100 ms whether it accepts writes, and counts the samples in which
 * more than one did: "two writable primaries" measured from outside, not taken on trust.
 */
final class WritableSampler implements AutoCloseable {
  private final List<InstanceAddress> instances;
  private final String user;
  private final String password;
  private final AtomicLong overlaps = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  WritableSampler(List<InstanceAddress> instances, String user, String password) {
    this.instances = List.copyOf(instances);
    this.user = user;
    this.password = password;
    this.thread = new Thread(this::sample, "writable-sampler");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long overlaps() {
    return overlaps.get();
  }

  long samples() {
    return samples.get();
  }

  private void sample() {
    while (running) {
      List<CompletableFuture<Boolean>> checks = new ArrayList<>();
      for (InstanceAddress a : instances) {
        checks.add(CompletableFuture.supplyAsync(() -> writable(a)));
      }
      long writable = checks.stream().filter(CompletableFuture::join).count();
      samples.incrementAndGet();
      if (writable > 1) {
        overlaps.incrementAndGet();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean writable(InstanceAddress a) {
    try (Connection c = Jdbc.open(a, user, password, Duration.ofMillis(300), Duration.ofMillis(300));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only")) {
      return rs.next() && rs.getInt(1) == 0;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
