package dev.baton.backup.binlog;

import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;

/**
 * Where the archiver learns which instance is the primary. Locally that is the cluster
 * directory's topology.json, which the agents rewrite on every failover; elsewhere it may be the
 * coordination store. Read again on every check, so the archiver follows failovers.
 */
@FunctionalInterface
public interface TopologySource {
  InstanceAddress primary() throws IOException;
}
