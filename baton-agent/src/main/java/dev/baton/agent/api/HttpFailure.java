package dev.baton.agent.api;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;

/** Says in a few words why a request of the JDK's HTTP client to an agent or a router failed. */
public final class HttpFailure {
  private HttpFailure() {}

  /**
   * The JDK's client reports a refused connection and a host name that does not resolve alike,
   * as a ConnectException with no message (a log line read "unavailable (null)"); only the
   * cause's class tells them apart.
   */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "host name not found";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return e instanceof ConnectException ? "cannot connect: refused or unreachable" : e.getClass().getSimpleName();
  }
}
