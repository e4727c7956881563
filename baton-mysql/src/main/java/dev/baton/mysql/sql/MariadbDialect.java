package dev.baton.mysql.sql;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerSettings;
import java.util.List;

/**
 * MariaDB 10.6+: MASTER/SLAVE syntax, GTID by domain, no super_read_only. read_only keeps out
 * every account without READ_ONLY ADMIN: only root and the manager hold it, the manager because
 * setting read_only needs it from 10.11 on.
 */
public record MariadbDialect() implements Dialect {
  @Override
  public Flavor flavor() {
    return Flavor.MARIADB;
  }

  @Override
  public String instanceQuery() {
    return "SELECT CAST(@@server_id AS CHAR), @@read_only, 0, @@gtid_current_pos, @@version";
  }

  @Override
  public String replicaStatusQuery() {
    return "SHOW SLAVE STATUS";
  }

  @Override
  public java.util.Optional<String> applierErrorQuery() {
    return java.util.Optional.empty();
  }

  @Override
  public ReplicaStatusColumns replicaStatusColumns() {
    return new ReplicaStatusColumns("Master_Host", "Master_Port", "Slave_IO_Running", "Slave_SQL_Running",
        "Seconds_Behind_Master", "Last_IO_Error", "Last_SQL_Error", "Gtid_IO_Pos");
  }

  @Override
  public List<String> grants(DbUser user, String appDatabase) {
    String db = SqlText.identifier(appDatabase);
    String baton = SqlText.identifier(BATON_SCHEMA);
    return switch (user) {
      case ROOT -> List.of("GRANT ALL PRIVILEGES ON *.* TO {account} WITH GRANT OPTION");
      case REPLICATION -> List.of("GRANT REPLICATION SLAVE ON *.* TO {account}");
      case BACKUP -> List.of("GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR, SLAVE MONITOR, SELECT, SHOW VIEW,"
          + " EVENT, TRIGGER ON *.* TO {account}");
      case MONITOR -> List.of("GRANT PROCESS, BINLOG MONITOR, SLAVE MONITOR ON *.* TO {account}");
      case MANAGER -> List.of(
          "GRANT PROCESS, RELOAD, BINLOG MONITOR, BINLOG ADMIN, SLAVE MONITOR, REPLICATION SLAVE,"
              + " REPLICATION SLAVE ADMIN, CONNECTION ADMIN, READ_ONLY ADMIN, SUPER ON *.* TO {account}",
          "GRANT ALL PRIVILEGES ON " + baton + ".* TO {account}");
      case APP -> List.of("GRANT ALL PRIVILEGES ON " + db + ".* TO {account}");
    };
  }

  @Override
  public String changeSource(InstanceAddress source, String user, String password, ServerSettings settings) {
    return "CHANGE MASTER TO MASTER_HOST=" + SqlText.quote(source.host())
        + ", MASTER_PORT=" + source.port()
        + ", MASTER_USER=" + SqlText.quote(user)
        + ", MASTER_PASSWORD=" + SqlText.quote(password)
        + ", MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1"
        + ", MASTER_HEARTBEAT_PERIOD=" + settings.heartbeatSeconds();
  }

  @Override
  public String startReplica() {
    return "START SLAVE";
  }

  @Override
  public String stopReplica() {
    return "STOP SLAVE";
  }

  @Override
  public List<String> makeWritable() {
    return List.of("SET GLOBAL read_only = OFF");
  }

  @Override
  public List<String> makeReadOnly() {
    return List.of("SET GLOBAL read_only = ON");
  }

  @Override
  public String stopReceiver() {
    return "STOP SLAVE IO_THREAD";
  }

  @Override
  public String resetReplication() {
    return "RESET SLAVE ALL";
  }

  /**
   * A former primary's replication position is stale; its own binlog says what it holds, so
   * slave_pos is set from current_pos (binlog and applied) before it follows a new source.
   */
  @Override
  public List<String> prepareRepoint() {
    return List.of("STOP SLAVE", "SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos");
  }

  @Override
  public String executedGtidsQuery() {
    return "SELECT @@GLOBAL.gtid_current_pos";
  }

  @Override
  public String waitForGtids() {
    return "SELECT MASTER_GTID_WAIT(?, ?)";
  }

  @Override
  public String semiSyncSource(boolean on) {
    return "SET GLOBAL rpl_semi_sync_master_enabled = " + (on ? "ON" : "OFF");
  }

  @Override
  public String semiSyncActiveQuery() {
    return "SELECT VARIABLE_VALUE = 'ON' FROM information_schema.GLOBAL_STATUS"
        + " WHERE VARIABLE_NAME = 'Rpl_semi_sync_master_status'";
  }

  @Override
  public String semiSyncWaitingQuery() {
    return "SELECT COALESCE(MAX(VARIABLE_VALUE + 0), 0) FROM information_schema.GLOBAL_STATUS"
        + " WHERE VARIABLE_NAME = 'Rpl_semi_sync_master_wait_sessions'";
  }
}
