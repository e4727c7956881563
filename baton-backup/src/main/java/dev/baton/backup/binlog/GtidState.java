package dev.baton.backup.binlog;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.gtid.MariadbGtidPosition;
import dev.baton.core.gtid.MysqlGtidSet;

/**
 * What an archive, a piece or a backup holds, in its flavor's GTID form: a MySQL GTID set or a
 * MariaDB position. Kept as the server's text, because that is what manifests, sidecars and the
 * binlog tools read and write; the few comparisons the archive needs parse it with the flavor's
 * own algebra, so a MySQL set is never compared with a MariaDB position.
 */
public record GtidState(Flavor flavor, String text) {
  public GtidState {
    text = parse(flavor, text).toString();
  }

  public static GtidState empty(Flavor flavor) {
    return new GtidState(flavor, "");
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }

  /** Whether this holds every transaction {@code other} holds. */
  public boolean contains(GtidState other) {
    checkFlavor(other);
    return switch (flavor) {
      case MYSQL -> MysqlGtidSet.parse(text).contains(MysqlGtidSet.parse(other.text));
      case MARIADB -> MariadbGtidPosition.parse(text).contains(MariadbGtidPosition.parse(other.text));
    };
  }

  public GtidState union(GtidState other) {
    checkFlavor(other);
    return switch (flavor) {
      case MYSQL -> new GtidState(flavor, MysqlGtidSet.parse(text).union(MysqlGtidSet.parse(other.text)).toString());
      case MARIADB -> new GtidState(flavor,
          MariadbGtidPosition.parse(text).union(MariadbGtidPosition.parse(other.text)).toString());
    };
  }

  /**
   * What this holds beyond {@code other}: on MySQL the exact transactions; on MariaDB this
   * position's entries in the domains where it is ahead (see {@link MariadbGtidPosition#subtract}).
   */
  public GtidState subtract(GtidState other) {
    checkFlavor(other);
    return switch (flavor) {
      case MYSQL -> new GtidState(flavor, MysqlGtidSet.parse(text).subtract(MysqlGtidSet.parse(other.text)).toString());
      case MARIADB -> new GtidState(flavor,
          MariadbGtidPosition.parse(text).subtract(MariadbGtidPosition.parse(other.text)).toString());
    };
  }

  /** The text on one line, for messages and command lines. */
  public String oneLine() {
    return text.replace("\n", "");
  }

  @Override
  public String toString() {
    return oneLine();
  }

  private void checkFlavor(GtidState other) {
    if (other.flavor != flavor) {
      throw new IllegalArgumentException("cannot compare a " + flavor + " GTID state with a " + other.flavor + " one");
    }
  }

  private static GtidSet<?> parse(Flavor flavor, String text) {
    return switch (flavor) {
      case MYSQL -> MysqlGtidSet.parse(text);
      case MARIADB -> MariadbGtidPosition.parse(text);
    };
  }
}
