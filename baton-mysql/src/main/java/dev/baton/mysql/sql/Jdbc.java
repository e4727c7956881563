package dev.baton.mysql.sql;

import dev.baton.core.cluster.InstanceAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Opens JDBC connections to an instance with bounded connect and read timeouts: a probe or a
 * statement against a frozen server must fail, not hang.
 */
public final class Jdbc {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  private Jdbc() {}

  public static Connection open(InstanceAddress address, String user, String password, Duration connectTimeout,
      Duration readTimeout) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
    p.setProperty("socketTimeout", Long.toString(readTimeout.toMillis()));
    // TLS when the server offers it; the RSA key exchange covers caching_sha2_password where it does not.
    p.setProperty("sslMode", "PREFERRED");
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("connectionTimeZone", "UTC");
    p.setProperty("cacheServerConfiguration", "true");
    return DriverManager.getConnection("jdbc:mysql://" + address + "/", p);
  }

  public static Connection open(InstanceAddress address, String user, String password) throws SQLException {
    return open(address, user, password, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  public static void execute(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
