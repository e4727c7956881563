package dev.baton.agent.local;

import dev.baton.core.cluster.PortInUse;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads from an agent's or the router's log whether it stopped while starting because another
 * program holds one of its ports: {@code up} starts them as processes of their own, and what they
 * wrote is all it has.
 */
final class DaemonLog {
  /**
   * Ratis' gRPC server ends the JVM itself when it cannot bind its Raft port, before Baton can say
   * so in its own words; these are its words.
   */
  private static final Pattern RAFT_BIND = Pattern.compile("Failed to bind to address \\S*?:(\\d{1,5})(?!\\d)");
  private static final String ADDRESS_IN_USE = "Address already in use";

  private DaemonLog() {}

  static OptionalInt portInUse(String logText) {
    OptionalInt own = PortInUse.findIn(logText);
    if (own.isPresent() || !logText.contains(ADDRESS_IN_USE)) {
      return own;
    }
    Matcher m = RAFT_BIND.matcher(logText);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
