package dev.baton.mysql.server;

import java.time.Duration;

/**
 * Server and replication settings Baton renders into my.cnf and replication statements.
 * Each default is a named constant here and nowhere else.
 *
 * @param innodbBufferPoolSize InnoDB buffer pool, e.g. "128M"
 * @param maxConnections max_connections
 * @param replicaNetTimeout how long a replica waits for data (heartbeats included) before it
 *     considers its source dead and reconnects
 * @param heartbeatPeriod how often a source sends heartbeats to an idle replica; must be below
 *     replicaNetTimeout so that a live but idle source is never mistaken for a dead one
 * @param binlogRetention how long binary logs stay on the server (the archiver keeps them longer)
 * @param semiSync durability mode: when on, a commit on the primary returns only once a replica
 *     has the transaction (AFTER_SYNC, one acknowledgement), so a failover loses no acknowledged
 *     write; when off, replication is asynchronous
 * @param semiSyncTimeout how long a commit waits for an acknowledgement before the primary falls
 *     back to asynchronous replication (reported by the monitor, never silent)
 * @param proxyProtocolNetworks the addresses the server takes a PROXY protocol header from
 *     (proxy_protocol_networks: MariaDB, Percona Server), comma-separated; empty for none. A
 *     header makes the server take the client's address from it, so only routers belong here
 */
public record ServerSettings(
    String innodbBufferPoolSize,
    int maxConnections,
    Duration replicaNetTimeout,
    Duration heartbeatPeriod,
    Duration binlogRetention,
    boolean semiSync,
    Duration semiSyncTimeout,
    String proxyProtocolNetworks) {

  public static final String DEFAULT_INNODB_BUFFER_POOL_SIZE = "128M";
  public static final int DEFAULT_MAX_CONNECTIONS = 500;
  /** A dead source is noticed within about this long (the foundation's ~2 s target). */
  public static final Duration DEFAULT_REPLICA_NET_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofMillis(500);
  public static final Duration DEFAULT_BINLOG_RETENTION = Duration.ofDays(7);
  public static final boolean DEFAULT_SEMI_SYNC = true;
  public static final Duration DEFAULT_SEMI_SYNC_TIMEOUT = Duration.ofSeconds(10);
  public static final String DEFAULT_PROXY_PROTOCOL_NETWORKS = "";

  public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_INNODB_BUFFER_POOL_SIZE,
      DEFAULT_MAX_CONNECTIONS, DEFAULT_REPLICA_NET_TIMEOUT, DEFAULT_HEARTBEAT_PERIOD, DEFAULT_BINLOG_RETENTION,
      DEFAULT_SEMI_SYNC, DEFAULT_SEMI_SYNC_TIMEOUT, DEFAULT_PROXY_PROTOCOL_NETWORKS);

  public ServerSettings {
    // The servers take whole seconds; a fraction would be cut off and could fall below the heartbeat.
    if (replicaNetTimeout.toSeconds() < 1 || replicaNetTimeout.toNanosPart() != 0) {
      throw new IllegalArgumentException("replicaNetTimeout must be a whole number of seconds >= 1, got "
          + replicaNetTimeout);
    }
    if (heartbeatPeriod.isNegative() || heartbeatPeriod.toMillis() < 1) {
      throw new IllegalArgumentException("heartbeatPeriod must be at least 1 ms (0 turns heartbeats off), got "
          + heartbeatPeriod);
    }
    if (semiSyncTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("semiSyncTimeout must be at least 1 ms, got " + semiSyncTimeout);
    }
    if (heartbeatPeriod.compareTo(replicaNetTimeout) >= 0) {
      throw new IllegalArgumentException("heartbeatPeriod (" + heartbeatPeriod + ") must be < replicaNetTimeout ("
          + replicaNetTimeout + ")");
    }
  }

  public ServerSettings withProxyProtocolNetworks(String networks) {
    return new ServerSettings(innodbBufferPoolSize, maxConnections, replicaNetTimeout, heartbeatPeriod, binlogRetention,
        semiSync, semiSyncTimeout, networks);
  }

  /** The heartbeat period as the servers' statements want it: seconds with millisecond resolution. */
  public String heartbeatSeconds() {
    return java.math.BigDecimal.valueOf(heartbeatPeriod.toMillis(), 3).stripTrailingZeros().toPlainString();
  }
}
