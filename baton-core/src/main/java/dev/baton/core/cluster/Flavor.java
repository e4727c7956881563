package dev.baton.core.cluster;

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
    return Choices.parse(values(), Flavor::id, "flavor", text);
  }

  @Override
  public String toString() {
    return id;
  }
}
