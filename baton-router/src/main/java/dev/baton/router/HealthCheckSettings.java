package dev.baton.router;

import dev.baton.core.cluster.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;

/**
 * The router's own check of each backend: a MySQL login that ends with COM_QUIT, every
 * {@code interval}. A full login, not a bare TCP connect: a connect the server sees abandoned
 * counts in its Aborted_connects and, from other hosts, towards max_connect_errors, after which
 * the server blocks the router's host altogether.
 *
 * @param interval time between the starts of two checks of one backend
 * @param timeout how long one check may take, connect to COM_QUIT; at most the interval
 * @param fall consecutive failed checks after which a backend gets no new connections
 * @param rise consecutive passed checks after which a failed backend gets new connections again
 * @param user the account the check logs in as (Baton's {@code monitor}); it needs no privilege
 * @param password its password; never shown by {@link #toString}
 */
public record HealthCheckSettings(Duration interval, Duration timeout, int fall, int rise, String user,
    String password) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** HAProxy's default is 3; 2 at 1 s reacts within about 2 s, as fast as the agents' confirmed detection. */
  public static final int DEFAULT_FALL = 2;
  public static final int DEFAULT_RISE = 2;

  public HealthCheckSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (interval.toMillis() < 100) {
      throw new InvalidSettingException("health check interval " + interval + " is too short: use at least 100 ms");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new InvalidSettingException("health check timeout " + timeout + " is out of range: use more than zero"
          + " and at most the interval (" + interval + ")");
    }
    if (fall < 1 || rise < 1) {
      throw new InvalidSettingException("health check fall " + fall + " and rise " + rise
          + ": both must be at least 1");
    }
    if (user.isBlank()) {
      throw new InvalidSettingException("health check user is empty: give the account the checks log in as");
    }
  }

  public static HealthCheckSettings defaults(String user, String password) {
    return every(DEFAULT_INTERVAL, DEFAULT_FALL, DEFAULT_RISE, user, password);
  }

  /** Checks every {@code interval}, each given the default timeout or the whole interval when that is shorter. */
  public static HealthCheckSettings every(Duration interval, int fall, int rise, String user, String password) {
    Duration timeout = interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT;
    return new HealthCheckSettings(interval, timeout, fall, rise, user, password);
  }

  @Override
  public String toString() {
    return "HealthCheckSettings[interval=" + interval + ", timeout=" + timeout + ", fall=" + fall + ", rise=" + rise
        + ", user=" + user + "]";
  }
}
