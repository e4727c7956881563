package dev.baton.core.cluster;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where a database instance (or any Baton endpoint) listens: a host and a TCP port. */
public record InstanceAddress(String host, int port) implements Comparable<InstanceAddress> {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  public InstanceAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new InvalidSettingException("address has an empty host: write it as HOST:PORT, e.g. 127.0.0.1:3310");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidSettingException("port " + port + " of " + host + " is out of range: use 1-65535");
    }
  }

  /** Parses {@code host:port}; IPv6 hosts are written in brackets, {@code [::1]:3306}. */
  public static InstanceAddress parse(String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new InvalidSettingException("'" + InvalidSettingException.shown(text) + "' is not an address: write it as HOST:PORT, e.g. 127.0.0.1:3310");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InstanceAddress(host, Integer.parseInt(t.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new InvalidSettingException("'" + InvalidSettingException.shown(text) + "' has no numeric port: write it as HOST:PORT, e.g. 127.0.0.1:3310");
    }
  }

  /**
   * Whether the host is this machine: {@code localhost} or a loopback literal (127.0.0.0/8,
   * ::1). Decided without a name lookup, so any other name counts as another machine.
   */
  public boolean isLoopback() {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  @Override
  public int compareTo(InstanceAddress o) {
    int byHost = host.compareTo(o.host);
    return byHost != 0 ? byHost : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
