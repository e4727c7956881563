package dev.baton.cli.bench;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inserts numbered rows through the write endpoint as fast as one client can, one row per
 * autocommit transaction, reconnecting after any failure; logs every acknowledged id.
 */
final class RowWriter implements AutoCloseable {
  private final InstanceAddress endpoint;
  private final String user;
  private final String password;
  private final AckLog log;
  private final AtomicLong next = new AtomicLong(1);
  private final Thread thread;
  private volatile boolean running = true;

  RowWriter(InstanceAddress endpoint, String user, String password, AckLog log) {
    this.endpoint = endpoint;
    this.user = user;
    this.password = password;
    this.log = log;
    this.thread = new Thread(this::write, "row-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void write() {
    Connection c = null;
    while (running) {
      try {
        if (c == null) {
          c = connect();
          if (c == null) {
            continue;
          }
        }
        long id = next.getAndIncrement();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_rows (id) VALUES (?)")) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
        log.acked(id, System.currentTimeMillis());
      } catch (SQLException e) {
        log.failed(System.currentTimeMillis());
        close(c);
        c = null;
        pause(20);
      }
    }
    close(c);
  }

  /** A new connection, or null after logging the failed attempt. */
  private Connection connect() {
    try {
      Connection c = Jdbc.open(endpoint, user, password, Duration.ofSeconds(2), Duration.ofSeconds(10));
      try (Statement s = c.createStatement()) {
        s.execute("USE app");
      }
      return c;
    } catch (SQLException e) {
      log.failedToConnect(System.currentTimeMillis());
      pause(20);
      return null;
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // The connection failed already; closing it is only tidying up.
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(15_000);
  }
}
