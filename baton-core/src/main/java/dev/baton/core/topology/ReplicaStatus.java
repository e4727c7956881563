package dev.baton.core.topology;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Optional;

/**
 * What an instance reports about its replication from a source, as read from
 * {@code SHOW REPLICA STATUS} (MySQL) or {@code SHOW SLAVE STATUS} (MariaDB).
 *
 * @param source the configured source
 * @param ioRunning whether the receiver (IO) thread is connected to the source
 * @param sqlRunning whether the applier (SQL) thread runs
 * @param lagSeconds seconds behind the source as the server reports it; empty when unknown
 * @param lastError the last IO or SQL error, empty when there is none
 * @param retrievedGtids GTIDs received from the source (MySQL Retrieved_Gtid_Set, MariaDB Gtid_IO_Pos)
 */
public record ReplicaStatus(
    InstanceAddress source,
    boolean ioRunning,
    boolean sqlRunning,
    Optional<Long> lagSeconds,
    Optional<String> lastError,
    String retrievedGtids) {

  public boolean replicating() {
    return ioRunning && sqlRunning;
  }
}
