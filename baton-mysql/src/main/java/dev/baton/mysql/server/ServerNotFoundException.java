package dev.baton.mysql.server;

/** No usable server distribution of the wanted flavor: the message names the command that installs one. */
public final class ServerNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServerNotFoundException(String message) {
    super(message);
  }
}
