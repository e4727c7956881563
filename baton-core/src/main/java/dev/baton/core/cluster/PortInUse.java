package dev.baton.core.cluster;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one phrase Baton's daemons (agents, router) use when a port they must listen on is taken.
 * {@code baton up} starts them as separate processes and only has their logs, so it recognises
 * the phrase there to tell a port taken by another program from any other failure to start.
 */
public final class PortInUse {
  private static final Pattern PHRASE = Pattern.compile("port \\S+:(\\d{1,5}) is already in use");

  private PortInUse() {}

  /** E.g. "API port 127.0.0.1:3000 is already in use". */
  public static String message(String purpose, String host, int port) {
    return purpose + " port " + host + ":" + port + " is already in use";
  }

  /** The port of the last phrase in a daemon's log text, if there is one. */
  public static OptionalInt findIn(String logText) {
    Matcher m = PHRASE.matcher(logText);
    OptionalInt port = OptionalInt.empty();
    while (m.find()) {
      port = OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    return port;
  }
}
