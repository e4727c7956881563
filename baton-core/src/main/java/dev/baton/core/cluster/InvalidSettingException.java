package dev.baton.core.cluster;

/**
 * A user-supplied value that cannot be used. The message is one line that names the setting,
 * the value given and what to do instead; front ends print it as is, never with a stack trace.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
