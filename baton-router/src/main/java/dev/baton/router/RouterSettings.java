package dev.baton.router;

import dev.baton.core.cluster.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the router listens and how long it waits. Validated here, once, so a started router never
 * meets a setting it cannot use.
 *
 * @param bindHost the host or IP address both endpoints listen on
 * @param writePort port of the write endpoint; 0 lets the OS pick a free one
 * @param readPort port of the read endpoint; 0 lets the OS pick a free one
 * @param connectTimeout how long to wait for a database instance to accept a connection
 * @param holdTimeout how long a new client waits for a target while the endpoint has none; zero refuses at once
 */
public record RouterSettings(String bindHost, int writePort, int readPort, Duration connectTimeout,
    Duration holdTimeout) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** Long enough to ride out a failover without the client seeing an error, short enough to fail visibly. */
  public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(5);

  public RouterSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(holdTimeout, "holdTimeout");
    if (bindHost.isBlank()) {
      throw new InvalidSettingException("bindHost is empty: give a host or IP address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    checkPort("writePort", writePort);
    checkPort("readPort", readPort);
    if (writePort != 0 && writePort == readPort) {
      throw new InvalidSettingException("writePort and readPort are both " + writePort
          + ": give each endpoint its own port");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidSettingException("connectTimeout " + connectTimeout
          + " is out of range: use at least 1 ms and at most " + Integer.MAX_VALUE + " ms");
    }
    if (holdTimeout.isNegative()) {
      throw new InvalidSettingException("holdTimeout " + holdTimeout + " is negative: use zero or more");
    }
  }

  public static RouterSettings defaults(String bindHost, int writePort, int readPort) {
    return new RouterSettings(bindHost, writePort, readPort, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HOLD_TIMEOUT);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidSettingException(name + " " + port + " is out of range: use 1-65535, or 0 for any free port");
    }
  }
}
