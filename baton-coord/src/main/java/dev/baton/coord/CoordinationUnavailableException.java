package dev.baton.coord;

import java.time.Duration;

/**
 * The store could not answer: no quorum, a timeout, or a closed connection. The operation may
 * or may not have taken effect; it never counts as a success. A lease acquired by a request that
 * failed this way is never renewed by its owner, so it expires after its TTL.
 */
public final class CoordinationUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CoordinationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "could not ATTEMPTED: BACKEND did not answer within WAITED ms (request timeout N ms)". */
  public static CoordinationUnavailableException timedOut(String attempted, String backend, Duration waited,
      Duration timeout, Throwable cause) {
    return new CoordinationUnavailableException("could not " + attempted + ": " + backend + " did not answer within "
        + waited.toMillis() + " ms (request timeout " + timeout.toMillis() + " ms)", cause);
  }

  /** "could not ATTEMPTED: BACKEND failed: REASON". */
  public static CoordinationUnavailableException failed(String attempted, String backend, Throwable cause) {
    return new CoordinationUnavailableException("could not " + attempted + ": " + backend + " failed: "
        + firstLine(cause), cause);
  }

  private static String firstLine(Throwable cause) {
    String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
