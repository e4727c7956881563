package dev.baton.core.cluster;

/**
 * The cluster or its directory is not in a state that allows the request (already running, not
 * running, holds something else). The message is one line that says what to do; front ends print
 * it as is.
 */
public final class ClusterStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterStateException(String message) {
    super(message);
  }
}
