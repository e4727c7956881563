package dev.baton.mysql.control;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.sql.Jdbc;
import dev.baton.mysql.sql.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Rebuilds a MySQL instance from a donor with the CLONE plugin: its data is replaced by a
 * consistent copy of the donor's, GTIDs and replication settings included. The recipient shuts
 * down when the clone is done (nothing supervises it to restart it); the caller starts it again.
 */
public final class CloneReseed {
  /** How long one clone may take; a local copy of a small instance takes seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  /** MySQL's error when the clone succeeded but the server could not restart itself. */
  static final int RESTART_NOT_SUPERVISED = 3707;

  private final String rootPassword;
  private final String cloneUser;
  private final String clonePassword;

  /**
   * @param cloneUser an account on the donor with BACKUP_ADMIN (Baton's backup user)
   */
  public CloneReseed(String rootPassword, String cloneUser, String clonePassword) {
    this.rootPassword = rootPassword;
    this.cloneUser = cloneUser;
    this.clonePassword = clonePassword;
  }

  public void run(InstanceAddress recipient, InstanceAddress donor, Duration timeout) throws ControlException {
    ensurePlugin(donor);
    try (Connection c = Jdbc.open(recipient, "root", rootPassword, InstanceControl.CONNECT_TIMEOUT, timeout);
        Statement s = c.createStatement()) {
      installPlugin(s);
      // CLONE refuses to run on a super_read_only recipient; read_only stays on, and the data is about to be replaced.
      s.execute("SET GLOBAL super_read_only = OFF");
      s.execute("SET GLOBAL clone_valid_donor_list = " + SqlText.quote(donor.toString()));
      s.execute("CLONE INSTANCE FROM " + SqlText.quote(cloneUser) + "@" + SqlText.quote(donor.host()) + ":"
          + donor.port() + " IDENTIFIED BY " + SqlText.quote(clonePassword));
    } catch (SQLException e) {
      if (e.getErrorCode() == RESTART_NOT_SUPERVISED || isConnectionLostAfterClone(e)) {
        return;
      }
      throw new ControlException("could not clone " + recipient + " from " + donor + ": " + e.getMessage(), e);
    }
  }

  /** The recipient shuts down at the end of a clone; the connection may drop instead of the 3707 error. */
  private static boolean isConnectionLostAfterClone(SQLException e) {
    return "08S01".equals(e.getSQLState());
  }

  private void ensurePlugin(InstanceAddress donor) throws ControlException {
    try (Connection c = Jdbc.open(donor, "root", rootPassword); Statement s = c.createStatement()) {
      installPlugin(s);
    } catch (SQLException e) {
      throw new ControlException("could not load the clone plugin on the donor " + donor + ": " + e.getMessage(), e);
    }
  }

  private static void installPlugin(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery(
        "SELECT PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'clone'")) {
      if (rs.next() && "ACTIVE".equals(rs.getString(1))) {
        return;
      }
    }
    s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
  }
}
