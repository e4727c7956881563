package dev.baton.agent.api;

import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.agent.routing.FollowingRouters;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.failover.InstanceFlags;
import dev.baton.core.topology.Role;
import dev.baton.core.topology.Topology;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as {@code GET /api/cluster/{name}} and {@code baton status --json} show it.
 * Field names are a contract with scripts: add, never rename.
 *
 * @param primary the intended primary, null before the topology is known
 * @param routing where the endpoints send new connections now
 * @param manager who holds master_lock, whether recovery is paused, and the problems it sees
 */
public record ClusterView(
    String cluster,
    String flavor,
    String primary,
    List<InstanceView> instances,
    Map<String, String> endpoints,
    RoutingView routing,
    Instant observedAt,
    ManagerView manager) {

  /**
   * @param leader API URL of the manager holding master_lock, null when none does
   * @param problems the leader's latest findings, e.g. "ReplicationStopped 127.0.0.1:3311: ..."
   */
  public record ManagerView(String leader, boolean paused, List<String> problems) {}

  public static ClusterView of(ClusterSpec spec, ClusterSnapshot snapshot, long routingVersion,
      FollowingRouters.Standing routers, String apiUrl, Optional<ClusterState> state, ManagerView manager) {
    Topology topology = state.map(ClusterState::topology).or(snapshot::topology).orElse(null);
    List<InstanceView> instances = spec.nodes().stream()
        .map(n -> instance(spec, topology, snapshot, n, state.map(s -> s.flags(spec.address(n)))
            .orElse(InstanceFlags.neutral(spec.address(n)))))
        .toList();
    return new ClusterView(
        spec.name(),
        spec.flavor().id(),
        topology == null ? null : topology.primary().toString(),
        instances,
        Map.of("write", spec.writeEndpoint().toString(), "read", spec.readEndpoint().toString(), "api", apiUrl),
        RoutingView.of(routingVersion, snapshot.routing(), manager.leader(), routers, spec.proxyProtocol()),
        snapshot.at(),
        manager);
  }

  private static InstanceView instance(ClusterSpec spec, Topology topology, ClusterSnapshot snapshot, NodeSpec n,
      InstanceFlags flags) {
    InstanceAddress a = spec.address(n);
    Role role = topology == null ? Role.REPLICA : topology.roleOf(a);
    return InstanceView.of(n.id(), role, a, snapshot.observations().get(a), flags);
  }
}
