package dev.baton.mysql.sql;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerSettings;
import java.util.List;

/** MySQL 8.0.23+ and Percona Server: REPLICA/SOURCE syntax, dynamic privileges, super_read_only. */
public record MysqlDialect() implements Dialect {
  /** Receiver retries per outage; with a 1 s retry interval a source may be away for a day. */
  static final int SOURCE_RETRY_COUNT = 86_400;

  @Override
  public Flavor flavor() {
    return Flavor.MYSQL;
  }

  @Override
  public String instanceQuery() {
    return "SELECT @@server_uuid, @@read_only, @@super_read_only, @@gtid_executed, @@version";
  }

  @Override
  public String replicaStatusQuery() {
    return "SHOW REPLICA STATUS";
  }

  @Override
  public java.util.Optional<String> applierErrorQuery() {
    return java.util.Optional.of("SELECT LAST_ERROR_MESSAGE FROM performance_schema.replication_applier_status_by_worker"
        + " WHERE LAST_ERROR_NUMBER <> 0 ORDER BY LAST_ERROR_TIMESTAMP DESC LIMIT 1");
  }

  @Override
  public ReplicaStatusColumns replicaStatusColumns() {
    return new ReplicaStatusColumns("Source_Host", "Source_Port", "Replica_IO_Running", "Replica_SQL_Running",
        "Seconds_Behind_Source", "Last_IO_Error", "Last_SQL_Error", "Retrieved_Gtid_Set");
  }

  @Override
  public List<String> grants(DbUser user, String appDatabase) {
    String db = SqlText.identifier(appDatabase);
    String baton = SqlText.identifier(BATON_SCHEMA);
    return switch (user) {
      case ROOT -> List.of("GRANT ALL PRIVILEGES ON *.* TO {account} WITH GRANT OPTION");
      case REPLICATION -> List.of("GRANT REPLICATION SLAVE ON *.* TO {account}");
      case BACKUP -> List.of(
          "GRANT BACKUP_ADMIN, CLONE_ADMIN, RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT, SELECT, SHOW VIEW,"
              + " EVENT, TRIGGER ON *.* TO {account}");
      case MONITOR -> List.of("GRANT PROCESS, REPLICATION CLIENT ON *.* TO {account}",
          "GRANT SELECT ON performance_schema.* TO {account}");
      case MANAGER -> List.of(
          "GRANT PROCESS, RELOAD, REPLICATION CLIENT, REPLICATION SLAVE, SYSTEM_VARIABLES_ADMIN,"
              + " REPLICATION_SLAVE_ADMIN, CONNECTION_ADMIN, SESSION_VARIABLES_ADMIN ON *.* TO {account}",
          "GRANT SELECT ON performance_schema.* TO {account}",
          "GRANT ALL PRIVILEGES ON " + baton + ".* TO {account}");
      case APP -> List.of("GRANT ALL PRIVILEGES ON " + db + ".* TO {account}");
    };
  }

  @Override
  public String changeSource(InstanceAddress source, String user, String password, ServerSettings settings) {
    return "CHANGE REPLICATION SOURCE TO SOURCE_HOST=" + SqlText.quote(source.host())
        + ", SOURCE_PORT=" + source.port()
        + ", SOURCE_USER=" + SqlText.quote(user)
        + ", SOURCE_PASSWORD=" + SqlText.quote(password)
        + ", SOURCE_AUTO_POSITION=1, SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1"
        + ", SOURCE_CONNECT_RETRY=1, SOURCE_RETRY_COUNT=" + SOURCE_RETRY_COUNT
        + ", SOURCE_HEARTBEAT_PERIOD=" + settings.heartbeatSeconds();
  }

  @Override
  public String startReplica() {
    return "START REPLICA";
  }

  @Override
  public String stopReplica() {
    return "STOP REPLICA";
  }

  @Override
  public List<String> makeWritable() {
    return List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
  }

  @Override
  public List<String> makeReadOnly() {
    return List.of("SET GLOBAL super_read_only = ON");
  }

  @Override
  public String stopReceiver() {
    return "STOP REPLICA IO_THREAD";
  }

  @Override
  public String resetReplication() {
    return "RESET REPLICA ALL";
  }

  @Override
  public List<String> prepareRepoint() {
    return List.of("STOP REPLICA");
  }

  @Override
  public String executedGtidsQuery() {
    return "SELECT @@GLOBAL.gtid_executed";
  }

  @Override
  public String waitForGtids() {
    return "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
  }

  @Override
  public String semiSyncSource(boolean on) {
    return "SET GLOBAL rpl_semi_sync_source_enabled = " + (on ? "ON" : "OFF");
  }

  @Override
  public String semiSyncActiveQuery() {
    return "SELECT VARIABLE_VALUE = 'ON' FROM performance_schema.global_status"
        + " WHERE VARIABLE_NAME = 'Rpl_semi_sync_source_status'";
  }

  @Override
  public String semiSyncWaitingQuery() {
    return "SELECT COALESCE(MAX(VARIABLE_VALUE + 0), 0) FROM performance_schema.global_status"
        + " WHERE VARIABLE_NAME = 'Rpl_semi_sync_source_wait_sessions'";
  }
}
