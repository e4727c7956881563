package dev.baton.mysql.sql;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that differ between MySQL/Percona and MariaDB. Users are created once on the
 * first primary and reach every replica through replication, so all instances share them.
 */
public sealed interface Dialect permits MysqlDialect, MariadbDialect {
  /** Host part of every Baton account. Instances listen on the addresses the cluster is configured with. */
  String ACCOUNT_HOST = "%";
  /** The schema Baton keeps its own records in (epochs, probes). */
  String BATON_SCHEMA = "baton";

  static Dialect of(Flavor flavor) {
    return switch (flavor) {
      case MYSQL -> new MysqlDialect();
      case MARIADB -> new MariadbDialect();
    };
  }

  Flavor flavor();

  /** One row: server_uuid (or server_id), read_only, super_read_only, GTIDs executed, version. */
  String instanceQuery();

  String replicaStatusQuery();

  /**
   * The applier workers' own errors, when the server has them apart from its replica status
   * (MySQL's multi-threaded applier reports only "Coordinator stopped" there); empty otherwise.
   */
  java.util.Optional<String> applierErrorQuery();

  ReplicaStatusColumns replicaStatusColumns();

  /** Least-privilege grants for each user, after it has been created. */
  List<String> grants(DbUser user, String appDatabase);

  String changeSource(InstanceAddress source, String user, String password, ServerSettings settings);

  String startReplica();

  String stopReplica();

  List<String> makeWritable();

  List<String> makeReadOnly();

  /** Stop the receiver only, so that nothing new arrives while the applier drains the relay log. */
  String stopReceiver();

  /** Forget the source entirely: a promoted primary must not reconnect to its old source. */
  String resetReplication();

  /** Statements to run before {@link #changeSource} when an instance (maybe a former primary) is repointed. */
  List<String> prepareRepoint();

  /** A query returning the GTIDs this instance has executed, in the form {@link #waitForGtids} takes. */
  String executedGtidsQuery();

  /**
   * A query returning one row, one column: 0 when the GTIDs were executed within the timeout,
   * anything else when not. Parameters: the GTIDs, then the timeout in seconds.
   */
  String waitForGtids();

  /** Semi-sync on the primary: commits wait for one replica's acknowledgement (AFTER_SYNC). */
  String semiSyncSource(boolean on);

  /** A query returning how many commits wait for a replica's acknowledgement now (0 when semi-sync is off). */
  String semiSyncWaitingQuery();

  /** A query returning whether semi-sync is active on this primary now (1) or fell back to async (0). */
  String semiSyncActiveQuery();

  /** Client sessions on this instance other than replication, Baton's own, and the server's. */
  default String clientSessionsQuery() {
    return "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
        + " AND USER NOT IN ('system user', 'event_scheduler', 'repl', 'monitor', 'baton', 'unauthenticated user')"
        + " AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')";
  }

  /** Accounts, the application database and Baton's schema; run once on the first primary. */
  default List<String> bootstrapPrimary(Credentials credentials, String appDatabase) {
    List<String> sql = new ArrayList<>();
    sql.add("ALTER USER 'root'@'localhost' IDENTIFIED BY " + SqlText.quote(credentials.password(DbUser.ROOT)));
    for (DbUser user : DbUser.values()) {
      String host = user == DbUser.ROOT ? "127.0.0.1" : ACCOUNT_HOST;
      String account = SqlText.quote(user.userName()) + "@" + SqlText.quote(host);
      sql.add("DROP USER IF EXISTS " + account);
      sql.add("CREATE USER " + account + " IDENTIFIED BY " + SqlText.quote(credentials.password(user)));
      grants(user, appDatabase).forEach(g -> sql.add(g.replace("{account}", account)));
    }
    sql.add("CREATE DATABASE IF NOT EXISTS " + SqlText.identifier(appDatabase));
    sql.add("CREATE DATABASE IF NOT EXISTS " + SqlText.identifier(BATON_SCHEMA));
    return sql;
  }
}
