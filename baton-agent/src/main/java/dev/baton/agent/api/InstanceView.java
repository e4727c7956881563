package dev.baton.agent.api;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.failover.InstanceFlags;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Role;
import java.time.Instant;

/**
 * One instance as the API shows it. Field names are a contract with scripts: add, never rename.
 *
 * @param role "primary" or "replica" as the topology intends; what the instance does is in the other fields
 * @param source where a replica replicates from, null when none is configured
 * @param lagSeconds null when unknown (not replicating, or unreachable)
 * @param promotionRule prefer, neutral, prefer_not or must_not
 * @param downtimed replication left stopped on purpose until 'baton start-replica'
 * @param needsRebuild why it may not rejoin (e.g. errant GTIDs), null when it may
 */
public record InstanceView(
    String address,
    int node,
    String role,
    boolean reachable,
    boolean replicating,
    Long lagSeconds,
    String gtidExecuted,
    boolean readOnly,
    boolean superReadOnly,
    Boolean ioRunning,
    Boolean sqlRunning,
    String source,
    String lastError,
    String version,
    String serverUuid,
    Instant observedAt,
    String promotionRule,
    boolean downtimed,
    String needsRebuild) {

  static InstanceView of(int node, Role role, InstanceAddress address, InstanceObservation o, InstanceFlags flags) {
    String rule = flags.rule().id();
    String rebuild = flags.needsRebuild().orElse(null);
    if (o == null) {
      return new InstanceView(address.toString(), node, role.id(), false, false, null, "", false, false, null, null, null,
          "not probed yet", "", "", null, rule, flags.downtimed(), rebuild);
    }
    ReplicaStatus r = o.replica().orElse(null);
    String lastError = o.reachable() ? (r == null ? null : r.lastError().orElse(null)) : o.error().orElse("unreachable");
    return new InstanceView(
        address.toString(),
        node,
        role.id(),
        o.reachable(),
        o.replicating(),
        r == null || !o.reachable() ? null : r.lagSeconds().orElse(null),
        o.gtidExecuted(),
        o.readOnly(),
        o.superReadOnly(),
        r == null ? null : r.ioRunning(),
        r == null ? null : r.sqlRunning(),
        r == null ? null : r.source().toString(),
        lastError,
        o.serverVersion(),
        o.serverUuid(),
        o.observedAt(),
        rule,
        flags.downtimed(),
        rebuild);
  }
}
