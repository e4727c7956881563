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

  /** A user's text as it may appear inside a message: control characters escaped, so the message stays one line. */
  public static String shown(String userText) {
    if (userText == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(userText.length());
    userText.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }
}
