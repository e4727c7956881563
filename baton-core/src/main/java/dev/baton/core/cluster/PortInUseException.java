package dev.baton.core.cluster;

/**
 * A server or daemon could not listen on its port because another program holds it. Thrown by
 * the code that starts it, so that {@code baton up} can choose other ports and try again; the
 * message is one line, meant to be shown as is when nobody does.
 */
public final class PortInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int port;

  public PortInUseException(int port, String message) {
    super(message);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
