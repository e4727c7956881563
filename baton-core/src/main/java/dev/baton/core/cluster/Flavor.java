package dev.baton.core.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The server family of a cluster. Replication statements and GTID formats differ by flavor. */
public enum Flavor {
  /** Oracle MySQL and Percona Server, 8.0.23 or newer: uuid:interval GTID sets. */
  MYSQL("mysql"),
  /** MariaDB 10.6 or newer: domain-server-seq GTID positions. */
  MARIADB("mariadb");

  private final String id;

  Flavor(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Flavor parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(f -> f.id.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new InvalidSettingException(
            "unknown flavor '" + InvalidSettingException.shown(text) + "': use one of " + Arrays.stream(values()).map(Flavor::id).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return id;
  }
}
