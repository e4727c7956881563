package dev.baton.mysql.server;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a mysqld or mariadbd that failed to start says about why. Both say that the port is
 * taken in two lines, e.g. MySQL 9.7:
 * <pre>
 * [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use
 * [ERROR] [MY-010257] [Server] Do you already have another mysqld server running on port: 3310 ?
 * </pre>
 * and MariaDB 10.11:
 * <pre>
 * [ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use
 * [ERROR] Do you already have another server running on port: 3310 ?
 * </pre>
 * The second line alone follows any failed bind (an address that is not local, too), hence both.
 */
public final class MysqldLog {
  private static final String ADDRESS_IN_USE = "Address already in use";
  private static final Pattern ANOTHER_SERVER = Pattern.compile("another (?:mysqld )?server running on port: (\\d{1,5})");

  private MysqldLog() {}

  /** The port another program holds, when the log text says that is why the server stopped. */
  public static OptionalInt portInUse(String logText) {
    if (!logText.contains(ADDRESS_IN_USE)) {
      return OptionalInt.empty();
    }
    Matcher m = ANOTHER_SERVER.matcher(logText);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
