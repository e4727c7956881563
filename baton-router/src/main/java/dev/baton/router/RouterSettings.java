package dev.baton.router;

import dev.baton.core.cluster.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the router listens, how long it waits, and what it does to connections whose instance
 * changed role. Validated here, once, so a started router never meets a setting it cannot use.
 * Start from {@link #defaults} and change what differs with the {@code with...} methods.
 *
 * @param bindHost the host or IP address both endpoints listen on
 * @param writePort port of the write endpoint; 0 lets the OS pick a free one
 * @param readPort port of the read endpoint; 0 lets the OS pick a free one
 * @param connectTimeout how long to wait for a database instance to accept a connection
 * @param holdTimeout how long a new client waits for a target while the endpoint has none; zero refuses at once
 * @param readDrain how long read connections to a replica that left the read set may go on before they are cut
 * @param keepReadsOnPromotion whether read connections to a replica promoted to primary stay open
 *     (they then read from the primary); when false they drain like any other leaver's
 * @param healthChecks the router's own checks of each backend; empty routes on the topology alone
 * @param eventLoops how many threads proxy the connections, each connection on one of them
 * @param ioUring whether to proxy with io_uring where the kernel offers it; otherwise epoll, or the JDK's
 *     NIO where neither is available
 */
public record RouterSettings(String bindHost, int writePort, int readPort, Duration connectTimeout,
    Duration holdTimeout, Duration readDrain, boolean keepReadsOnPromotion,
    Optional<HealthCheckSettings> healthChecks, int eventLoops, boolean ioUring) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** Long enough to ride out a failover without the client seeing an error, short enough to fail visibly. */
  public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(5);
  /** A client held longer has long given up; the bound also keeps deadlines far from overflowing. */
  public static final Duration MAX_HOLD_TIMEOUT = Duration.ofHours(1);
  /** The seed's NLB target group deregistration delay. */
  public static final Duration DEFAULT_READ_DRAIN = Duration.ofSeconds(30);
  /** The longest deregistration delay an AWS NLB target group takes. */
  public static final Duration MAX_READ_DRAIN = Duration.ofHours(1);
  /** A promoted replica has every row it had before; its readers lose nothing by staying. */
  public static final boolean DEFAULT_KEEP_READS_ON_PROMOTION = true;
  /**
   * Half the cores, at least one: the router shares its host with the servers or the clients. On two
   * cores one loop gave point selects at 64 threads 11% more TPS than two and cost a fifth less CPU
   * per transaction (bench/router's slices, 15 rounds of 16): fewer cross-core wake-ups, more
   * events per wake-up.
   */
  public static final int DEFAULT_EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  /**
   * One io_uring_enter submits the sends and receives of every connection ready in a wake-up, where
   * epoll takes a system call for each: a fifth less CPU per transaction than epoll for point
   * selects at 8 threads and for read_only's larger results, the same at 64 threads (bench/router's
   * slices, one loop each).
   */
  public static final boolean DEFAULT_IO_URING = true;
  static final int MAX_EVENT_LOOPS = 256;

  public RouterSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(holdTimeout, "holdTimeout");
    Objects.requireNonNull(readDrain, "readDrain");
    Objects.requireNonNull(healthChecks, "healthChecks");
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
    checkRange("holdTimeout", holdTimeout, MAX_HOLD_TIMEOUT, "close at once");
    checkRange("readDrain", readDrain, MAX_READ_DRAIN, "cut at once");
    if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
      throw new InvalidSettingException("eventLoops " + eventLoops + " is out of range: use 1-" + MAX_EVENT_LOOPS
          + " (default: half the cores, here " + DEFAULT_EVENT_LOOPS + ")");
    }
  }

  private static void checkRange(String name, Duration value, Duration max, String zeroMeans) {
    if (value.isNegative() || value.compareTo(max) > 0) {
      throw new InvalidSettingException(name + " " + value + " is out of range: use zero (" + zeroMeans + ") to " + max);
    }
  }

  public static RouterSettings defaults(String bindHost, int writePort, int readPort) {
    return new RouterSettings(bindHost, writePort, readPort, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HOLD_TIMEOUT,
        DEFAULT_READ_DRAIN, DEFAULT_KEEP_READS_ON_PROMOTION, Optional.empty(),
        DEFAULT_EVENT_LOOPS, DEFAULT_IO_URING);
  }

  public RouterSettings withConnectTimeout(Duration timeout) {
    return new RouterSettings(bindHost, writePort, readPort, timeout, holdTimeout, readDrain, keepReadsOnPromotion,
        healthChecks, eventLoops, ioUring);
  }

  public RouterSettings withHoldTimeout(Duration timeout) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, timeout, readDrain, keepReadsOnPromotion,
        healthChecks, eventLoops, ioUring);
  }

  public RouterSettings withReadDrain(Duration drain) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, holdTimeout, drain, keepReadsOnPromotion,
        healthChecks, eventLoops, ioUring);
  }

  public RouterSettings withKeepReadsOnPromotion(boolean keep) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, holdTimeout, readDrain, keep,
        healthChecks, eventLoops, ioUring);
  }

  public RouterSettings withHealthChecks(HealthCheckSettings checks) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, holdTimeout, readDrain,
        keepReadsOnPromotion, Optional.of(checks), eventLoops, ioUring);
  }

  public RouterSettings withEventLoops(int loops) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, holdTimeout, readDrain,
        keepReadsOnPromotion, healthChecks, loops, ioUring);
  }

  public RouterSettings withIoUring(boolean enabled) {
    return new RouterSettings(bindHost, writePort, readPort, connectTimeout, holdTimeout, readDrain,
        keepReadsOnPromotion, healthChecks, eventLoops, enabled);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidSettingException(name + " " + port + " is out of range: use 1-65535, or 0 for any free port");
    }
  }
}
