package dev.baton.mysql.control;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.sql.Dialect;
import dev.baton.mysql.sql.Jdbc;
import dev.baton.mysql.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions a recovery takes on one instance, as the manager account. Each is idempotent:
 * fencing a fenced primary or repointing a replica to the source it already follows changes
 * nothing, so a plan can be run again after a manager died half-way.
 */
public final class InstanceControl {
  /** Connect timeout of control connections; a frozen server must fail an action, not stall it. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** Read timeout of control statements other than waits. */
  public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  private final Dialect dialect;
  private final String user;
  private final String password;
  private final String replicationUser;
  private final String replicationPassword;
  private final ServerSettings settings;

  public InstanceControl(Dialect dialect, String user, String password, String replicationUser,
      String replicationPassword, ServerSettings settings) {
    this.dialect = dialect;
    this.user = user;
    this.password = password;
    this.replicationUser = replicationUser;
    this.replicationPassword = replicationPassword;
    this.settings = settings;
  }

  /**
   * Refuse writes, then end every client session so that none commits after the fence. Returns
   * the sessions ended. {@code timeout} bounds each read, the server's greeting included: a
   * frozen server accepts the TCP connection and then says nothing.
   */
  public int fence(InstanceAddress instance, Duration timeout) throws ControlException {
    Connection connection;
    try {
      connection = open(instance, timeout);
    } catch (SQLException e) {
      throw ControlException.unreachable("could not fence " + instance + ": " + e.getMessage(), e);
    }
    try (Connection c = connection; Statement s = c.createStatement()) {
      for (String sql : dialect.makeReadOnly()) {
        s.execute(sql);
      }
      List<Long> sessions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(dialect.clientSessionsQuery())) {
        while (rs.next()) {
          sessions.add(rs.getLong(1));
        }
      }
      int ended = 0;
      for (long id : sessions) {
        try {
          s.execute("KILL " + id);
          ended++;
        } catch (SQLException gone) {
          // The session ended on its own between the list and the kill.
        }
      }
      if (settings.semiSync() && commitsWaitForAcknowledgement(s)) {
        // A commit still waiting for a replica's acknowledgement outlives the KILL of its session and
        // would land later, after the candidate caught up: an errant transaction on the old primary.
        // Releasing the waits now puts every such commit in the GTID set the candidate catches up with.
        // Only then: switching semi-sync off stops its acknowledgement thread, which takes about 1 s.
        s.execute(dialect.semiSyncSource(false));
      }
      return ended;
    } catch (SQLException e) {
      throw failed("fence", instance, e);
    }
  }

  private boolean commitsWaitForAcknowledgement(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery(dialect.semiSyncWaitingQuery())) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  /**
   * Stop receiving, then wait until everything received has been applied. Returns false when
   * the timeout passed first.
   */
  public boolean awaitRelayLogApplied(InstanceAddress instance, Duration timeout) throws ControlException {
    try (Connection c = open(instance, timeout.plus(STATEMENT_TIMEOUT)); Statement s = c.createStatement()) {
      s.execute(dialect.stopReceiver());
      String received;
      try (ResultSet rs = s.executeQuery(dialect.replicaStatusQuery())) {
        if (!rs.next()) {
          return true;
        }
        received = rs.getString(dialect.replicaStatusColumns().retrievedGtids());
      }
      return received == null || received.isBlank() || waitFor(c, received.replace("\n", ""), timeout);
    } catch (SQLException e) {
      throw failed("wait for the relay log to be applied on", instance, e);
    }
  }

  /** Wait until {@code instance} has executed every transaction {@code source} has now. */
  public boolean awaitCaughtUp(InstanceAddress instance, InstanceAddress source, Duration timeout)
      throws ControlException {
    String target = executedGtids(source);
    try (Connection c = open(instance, timeout.plus(STATEMENT_TIMEOUT))) {
      return target.isBlank() || waitFor(c, target, timeout);
    } catch (SQLException e) {
      throw failed("wait for " + source + "'s transactions on", instance, e);
    }
  }

  public String executedGtids(InstanceAddress instance) throws ControlException {
    try (Connection c = open(instance, STATEMENT_TIMEOUT); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.executedGtidsQuery())) {
      rs.next();
      return rs.getString(1).replace("\n", "");
    } catch (SQLException e) {
      throw failed("read the executed GTIDs of", instance, e);
    }
  }

  /**
   * Stop and forget replication, make the instance writable, and record the promotion with the
   * master_lock epoch in Baton's schema, so that the servers themselves carry who promoted whom.
   */
  public void promote(InstanceAddress instance, long epoch, String reason) throws ControlException {
    List<String> sql = new ArrayList<>(List.of(dialect.stopReplica(), dialect.resetReplication()));
    if (settings.semiSync()) {
      // Off first: a promotion run again (a manager died half-way) must not have its own record
      // wait for an acknowledgement that no replica can give yet.
      sql.add(dialect.semiSyncSource(false));
    }
    sql.addAll(dialect.makeWritable());
    sql.add("CREATE TABLE IF NOT EXISTS " + Dialect.BATON_SCHEMA + ".promotions (id BIGINT NOT NULL AUTO_INCREMENT"
        + " PRIMARY KEY, epoch BIGINT NOT NULL, instance VARCHAR(255) NOT NULL, promoted_at TIMESTAMP(6) NOT NULL,"
        + " reason VARCHAR(1000) NOT NULL)");
    sql.add("INSERT INTO " + Dialect.BATON_SCHEMA + ".promotions (epoch, instance, promoted_at, reason) VALUES (" + epoch + ", "
        + SqlText.quote(instance.toString()) + ", CURRENT_TIMESTAMP(6), "
        + SqlText.quote(reason.length() > 1000 ? reason.substring(0, 1000) : reason) + ")");
    // Semi-sync last: with no replica attached yet, the record's commit would wait out the timeout.
    if (settings.semiSync()) {
      sql.add(dialect.semiSyncSource(true));
    }
    run(instance, "promote", sql);
  }

  /** Follow {@code source} with GTID auto-positioning; replication is started unless {@code start} is false. */
  public void repoint(InstanceAddress instance, InstanceAddress source, boolean start) throws ControlException {
    List<String> sql = new ArrayList<>(dialect.makeReadOnly());
    if (settings.semiSync()) {
      sql.add(dialect.semiSyncSource(false));
    }
    sql.addAll(dialect.prepareRepoint());
    sql.add(dialect.changeSource(source, replicationUser, replicationPassword, settings));
    if (start) {
      sql.add(dialect.startReplica());
    }
    run(instance, "repoint to " + source, sql);
  }

  public void startReplica(InstanceAddress instance) throws ControlException {
    run(instance, "start replication on", List.of(dialect.startReplica()));
  }

  /**
   * Make a primary writable with its durability mode: when a stopped cluster resumes, when a
   * switchover that could not complete is rolled back, when writes are restored after a self-fence.
   */
  public void makePrimaryWritable(InstanceAddress instance) throws ControlException {
    List<String> sql = new ArrayList<>(dialect.makeWritable());
    if (settings.semiSync()) {
      sql.add(dialect.semiSyncSource(true));
    }
    run(instance, "make writable", sql);
  }

  /** Whether semi-sync is in force on this primary now; false means it fell back to asynchronous replication. */
  public boolean semiSyncActive(InstanceAddress instance) throws ControlException {
    try (Connection c = open(instance, STATEMENT_TIMEOUT); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.semiSyncActiveQuery())) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      throw failed("read the semi-sync status of", instance, e);
    }
  }

  private boolean waitFor(Connection c, String gtids, Duration timeout) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.waitForGtids())) {
      ps.setString(1, gtids);
      ps.setLong(2, Math.max(1, timeout.toSeconds()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) == 0;
      }
    }
  }

  private void run(InstanceAddress instance, String action, List<String> statements) throws ControlException {
    try (Connection c = open(instance, STATEMENT_TIMEOUT)) {
      Jdbc.execute(c, statements);
    } catch (SQLException e) {
      throw failed(action, instance, e);
    }
  }

  private Connection open(InstanceAddress instance, Duration readTimeout) throws SQLException {
    return Jdbc.open(instance, user, password, CONNECT_TIMEOUT, readTimeout);
  }

  private static ControlException failed(String action, InstanceAddress instance, SQLException e) {
    return new ControlException("could not " + action + " " + instance + ": " + e.getMessage(), e);
  }
}
