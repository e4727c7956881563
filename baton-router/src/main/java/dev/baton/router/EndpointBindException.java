package dev.baton.router;

/**
 * An endpoint could not listen on its port. The message is one line naming the endpoint, the
 * port and the host, meant to be shown as is; the transport's error is chained as the cause.
 */
public final class EndpointBindException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final boolean portInUse;

  /**
   * @param problem what went wrong, e.g. "write endpoint port 127.0.0.1:3306 is already in use"
   * @param remedy what the user of 'baton router' can do about it, from its separator on, e.g. ": stop what
   *     listens there..."; empty when Baton knows nothing to advise
   */
  EndpointBindException(String problem, String remedy, boolean portInUse, Throwable cause) {
    super(problem + remedy, cause);
    this.problem = problem;
    this.portInUse = portInUse;
  }

  /** The message without the remedy, for a caller whose remedy is its own (an agent stands by). */
  public String problem() {
    return problem;
  }

  /** Whether another socket listens on the port, as opposed to the host being wrong. */
  public boolean portInUse() {
    return portInUse;
  }
}
