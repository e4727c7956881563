package dev.baton.router;

/**
 * An endpoint could not listen on its port. The message is one line naming the endpoint, the
 * port and the host, meant to be shown as is; the transport's error is chained as the cause.
 */
public final class EndpointBindException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EndpointBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
