package dev.baton.mysql.control;

/** A control action on an instance failed; the message names the instance, the action and what the server said. */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean unreachable;

  public ControlException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public ControlException(String message) {
    super(message);
    this.unreachable = false;
  }

  private ControlException(String message, Throwable cause, boolean unreachable) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** The instance did not even let the manager log in (dead, frozen, cut off), as opposed to refusing or being slow. */
  static ControlException unreachable(String message, Throwable cause) {
    return new ControlException(message, cause, true);
  }

  public boolean unreachable() {
    return unreachable;
  }
}
