package dev.baton.core.gtid;

/**
 * Shows refused GTID text inside a one-line message. Servers print sets over several lines and
 * a long-running cluster's set can be thousands of characters, neither of which belongs in it.
 */
final class GtidText {
  static final int MAX_SHOWN = 100;

  private GtidText() {}

  static String quote(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    return "'" + (oneLine.length() <= MAX_SHOWN ? oneLine : oneLine.substring(0, MAX_SHOWN) + "...") + "'";
  }
}
