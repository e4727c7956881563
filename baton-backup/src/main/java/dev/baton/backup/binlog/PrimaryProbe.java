package dev.baton.backup.binlog;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two questions the archiver asks a primary in SQL: where its binlogs begin (the GTID state
 * before its oldest binlog file, to start an empty archive or to resume after a gap) and what it
 * has executed (to notice that a new primary lacks transactions already archived). Needs an
 * account that may list binary logs: REPLICATION CLIENT (MySQL) or BINLOG MONITOR (MariaDB),
 * which Baton's backup account has.
 */
final class PrimaryProbe {
  private final Flavor flavor;
  private final String user;
  private final String password;

  PrimaryProbe(Flavor flavor, String user, String password) {
    this.flavor = flavor;
    this.user = user;
    this.password = password;
  }

  /** The GTID state just before the primary's oldest binlog file: a stream from there gets everything it still has. */
  GtidState oldest(InstanceAddress primary) throws IOException {
    try (Connection c = Jdbc.open(primary, user, password); Statement s = c.createStatement()) {
      if (flavor == Flavor.MYSQL) {
        return new GtidState(flavor, single(s, "SELECT @@GLOBAL.gtid_purged"));
      }
      String first;
      try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
        if (!rs.next()) {
          throw new IOException(primary + " has no binary logs: the archiver needs log_bin");
        }
        first = rs.getString(1);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT BINLOG_GTID_POS(?, 4)")) {
        p.setString(1, first);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return new GtidState(flavor, rs.getString(1) == null ? "" : rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot read where the binlogs of " + primary + " begin: " + e.getMessage(), e);
    }
  }

  /** What the primary has executed: MySQL's gtid_executed, MariaDB's gtid_binlog_pos. */
  GtidState executed(InstanceAddress primary) throws IOException {
    String query = flavor == Flavor.MYSQL ? "SELECT @@GLOBAL.gtid_executed" : "SELECT @@GLOBAL.gtid_binlog_pos";
    try (Connection c = Jdbc.open(primary, user, password); Statement s = c.createStatement()) {
      return new GtidState(flavor, single(s, query));
    } catch (SQLException e) {
      throw new IOException("cannot read the GTIDs of " + primary + ": " + e.getMessage(), e);
    }
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1) == null ? "" : rs.getString(1);
    }
  }
}
