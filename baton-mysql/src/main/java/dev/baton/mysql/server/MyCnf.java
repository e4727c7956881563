package dev.baton.mysql.server;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders an instance's my.cnf. Every instance starts read-only (super_read_only on MySQL):
 * only the manager makes a primary writable, so a server restarted by anyone never accepts
 * writes on its own. Replication is not started automatically for the same reason.
 */
public final class MyCnf {
  private MyCnf() {}

  /**
   * @param runAsUser the OS user mysqld runs as when started by root; empty otherwise
   */
  public static String render(ServerDistribution dist, InstanceLayout layout, int serverId, InstanceAddress address,
      ServerSettings settings, Optional<String> runAsUser) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("server_id", Integer.toString(serverId));
    o.put("port", Integer.toString(address.port()));
    o.put("bind_address", address.host());
    o.put("report_host", address.host());
    o.put("report_port", Integer.toString(address.port()));
    o.put("socket", layout.socket().toString());
    o.put("datadir", layout.dataDir().toString());
    o.put("pid_file", layout.pidFile().toString());
    o.put("log_error", layout.errorLog().toString());
    o.put("tmpdir", layout.tmpDir().toString());
    runAsUser.ifPresent(u -> o.put("user", u));
    o.putAll(dist.serverOptions());
    o.put("secure_file_priv", "");
    o.put("skip_name_resolve", "ON");
    o.put("max_connections", Integer.toString(settings.maxConnections()));
    o.put("innodb_buffer_pool_size", settings.innodbBufferPoolSize());
    o.put("innodb_flush_log_at_trx_commit", "1");
    o.put("sync_binlog", "1");
    o.put("log_bin", "binlog");
    o.put("relay_log", "relay");
    o.put("relay_log_recovery", "ON");
    o.put("read_only", "ON");
    if (!settings.proxyProtocolNetworks().isEmpty()) {
      o.put("proxy_protocol_networks", settings.proxyProtocolNetworks());
    }
    long netTimeout = settings.replicaNetTimeout().toSeconds();
    if (dist.flavor() == Flavor.MYSQL) {
      o.put("mysqlx", "OFF");
      o.put("gtid_mode", "ON");
      o.put("enforce_gtid_consistency", "ON");
      o.put("log_replica_updates", "ON");
      o.put("skip_replica_start", "ON");
      o.put("super_read_only", "ON");
      o.put("replica_net_timeout", Long.toString(netTimeout));
      o.put("binlog_expire_logs_seconds", Long.toString(settings.binlogRetention().toSeconds()));
      // CLONE rebuilds an instance from a donor ('baton reseed') and is the physical backup method when
      // XtraBackup is not installed; every instance may be either.
      o.put("plugin_load_add", settings.semiSync() ? "mysql_clone.so;semisync_source.so;semisync_replica.so"
          : "mysql_clone.so");
      if (settings.semiSync()) {
        // Both sides on every instance: any of them may become the primary. The source side is
        // switched on at runtime on the primary only, once its replicas are connected.
        o.put("loose_rpl_semi_sync_replica_enabled", "ON");
        o.put("loose_rpl_semi_sync_source_enabled", "OFF");
        o.put("loose_rpl_semi_sync_source_wait_point", "AFTER_SYNC");
        o.put("loose_rpl_semi_sync_source_wait_for_replica_count", "1");
        o.put("loose_rpl_semi_sync_source_timeout", Long.toString(settings.semiSyncTimeout().toMillis()));
      }
    } else {
      o.put("binlog_format", "ROW");
      o.put("log_slave_updates", "ON");
      o.put("gtid_strict_mode", "ON");
      o.put("skip_slave_start", "ON");
      o.put("slave_net_timeout", Long.toString(netTimeout));
      o.put("binlog_expire_logs_seconds", Long.toString(settings.binlogRetention().toSeconds()));
      if (settings.semiSync()) {
        o.put("rpl_semi_sync_slave_enabled", "ON");
        // A primary killed while a commit awaited its acknowledgement holds that transaction in its
        // binlog, though no client was told of it. Starting as a would-be replica, the server
        // truncates it in crash recovery, so the old primary can rejoin instead of needing a rebuild.
        o.put("init_rpl_role", "SLAVE");
        o.put("rpl_semi_sync_master_enabled", "OFF");
        o.put("rpl_semi_sync_master_wait_point", "AFTER_SYNC");
        o.put("rpl_semi_sync_master_timeout", Long.toString(settings.semiSyncTimeout().toMillis()));
      }
    }
    return "# Rendered by Baton. Change settings through Baton: this file is rewritten.\n[mysqld]\n"
        + o.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")) + "\n";
  }
}
