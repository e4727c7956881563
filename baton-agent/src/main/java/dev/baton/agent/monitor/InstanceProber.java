package dev.baton.agent.monitor;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.mysql.sql.Jdbc;
import dev.baton.mysql.sql.Probe;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Probes one instance, keeping its connection between probes: reconnecting every second would
 * cost a handshake per poll and count towards the server's max_connect_errors.
 * Not thread-safe: one poll at a time per instance.
 */
final class InstanceProber implements AutoCloseable {
  private final InstanceAddress address;
  private final Probe probe;
  private final String user;
  private final String password;
  private final Duration timeout;
  private final Duration reprobeTimeout;
  /** Probes in a row that failed; the first few after a success use {@link #reprobeTimeout}. */
  private int failures;
  private Connection connection;

  InstanceProber(InstanceAddress address, Probe probe, String user, String password, MonitorSettings settings) {
    this.address = address;
    this.probe = probe;
    this.user = user;
    this.password = password;
    this.timeout = settings.probeTimeout();
    this.reprobeTimeout = settings.reprobeTimeout();
  }

  InstanceObservation probe(Instant at) {
    Duration t = failures > 0 && failures <= MonitorSettings.SHORT_REPROBES ? reprobeTimeout : timeout;
    try {
      if (connection == null) {
        connection = Jdbc.open(address, user, password, t, t);
      }
      InstanceObservation seen = probe.observe(address, connection, at);
      if (failures > 0) {
        connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
        failures = 0;
      }
      return seen;
    } catch (SQLException | RuntimeException e) {
      close();
      failures++;
      return InstanceObservation.unreachable(address, at, oneLine(e));
    }
  }

  /** The executed GTIDs over the kept connection; empty when the instance does not answer. */
  java.util.Optional<String> executedGtids() {
    if (connection == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(probe.executedGtids(connection));
    } catch (SQLException e) {
      close();
      return java.util.Optional.empty();
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The connection is being discarded because it failed; nothing more to learn from it.
      }
      connection = null;
    }
  }
}
