package dev.baton.mysql.control;

/** A control action on an instance failed; the message names the instance, the action and what the server said. */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  public ControlException(String message, Throwable cause) {
    super(message, cause);
  }

  public ControlException(String message) {
    super(message);
  }
}
