package dev.baton.agent.api;

import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The health endpoints an external load balancer (HAProxy, an NLB, Kubernetes) polls on each
 * agent to learn what the agent's own instance may serve, with Patroni's contract: 200 when it
 * may, 503 when it may not, so {@code option httpchk GET /primary} is all a balancer needs.
 *
 * <pre>
 * /primary          the topology's primary and seen writable (the instance master_lock's holder made primary)
 * /replica[?lag=N]  a replica replicating from the primary, at most N seconds behind when N is given
 * /read-only[?lag=N] either of the above: it can serve reads
 * /health           the instance answers
 * </pre>
 *
 * <p>Pure: answers come from the monitor's latest snapshot and the time now. An observation
 * older than {@link #MAX_OBSERVATION_AGE} answers 503 everywhere: a stuck monitor must not keep
 * a balancer sending writes to a primary nobody is watching.
 */
public final class RoleCheck {
  /** Five poll intervals: a round that merely ran late does not flap the balancer. */
  public static final Duration MAX_OBSERVATION_AGE = Duration.ofSeconds(5);
  static final List<String> PATHS = List.of("primary", "replica", "read-only", "health");

  /** A status code and a small JSON body saying why. */
  record Answer(int status, Map<String, Object> body) {
  }

  private RoleCheck() {
  }

  /** Whether {@code path} (without slashes) is one of these endpoints. */
  static boolean handles(String path) {
    return PATHS.contains(path);
  }

  /**
   * @param path one of {@link #PATHS}
   * @param query the request's parameters; {@code lag} in whole seconds for /replica and /read-only
   * @param self the agent's own instance
   */
  static Answer answer(String path, Map<String, String> query, InstanceAddress self, ClusterSnapshot snapshot,
      Instant now) {
    Optional<Long> maxLag;
    try {
      maxLag = Optional.ofNullable(query.get("lag")).map(Long::parseLong).filter(l -> l >= 0);
    } catch (NumberFormatException e) {
      return new Answer(400, Map.of("error", "lag must be a whole number of seconds, e.g. /replica?lag=10"));
    }
    if (query.containsKey("lag") && maxLag.isEmpty()) {
      return new Answer(400, Map.of("error", "lag must be zero or more seconds"));
    }
    InstanceObservation o = snapshot.observations().get(self);
    boolean fresh = o != null && !o.observedAt().plus(MAX_OBSERVATION_AGE).isBefore(now);
    boolean primary = fresh && isPrimary(self, snapshot, o);
    boolean replica = fresh && isReplica(self, snapshot, o, maxLag);
    boolean ok = switch (path) {
      case "primary" -> primary;
      case "replica" -> replica;
      case "read-only" -> primary || replica;
      case "health" -> fresh && o.reachable();
      default -> throw new IllegalArgumentException("not a role check: " + path);
    };
    return new Answer(ok ? 200 : 503, body(self, snapshot, o, fresh, primary, replica));
  }

  private static boolean isPrimary(InstanceAddress self, ClusterSnapshot snapshot, InstanceObservation o) {
    return snapshot.topology().filter(t -> t.primary().equals(self)).isPresent() && o.writable()
        && o.replica().isEmpty();
  }

  private static boolean isReplica(InstanceAddress self, ClusterSnapshot snapshot, InstanceObservation o,
      Optional<Long> maxLag) {
    Optional<ReplicaStatus> r = o.replica();
    boolean fromPrimary = snapshot.topology()
        .filter(t -> t.replicas().contains(self) && r.map(s -> s.source().equals(t.primary())).orElse(false))
        .isPresent();
    boolean recentEnough = maxLag.isEmpty() || r.flatMap(ReplicaStatus::lagSeconds).filter(l -> l <= maxLag.get())
        .isPresent();
    return fromPrimary && o.replicating() && recentEnough;
  }

  private static Map<String, Object> body(InstanceAddress self, ClusterSnapshot snapshot, InstanceObservation o,
      boolean fresh, boolean primary, boolean replica) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("instance", self.toString());
    body.put("role", snapshot.topology().map(t -> t.primary().equals(self) ? "primary" : "replica").orElse(null));
    body.put("primary", primary);
    body.put("replica", replica);
    body.put("reachable", o != null && o.reachable());
    body.put("lagSeconds", o == null ? null : o.replica().flatMap(ReplicaStatus::lagSeconds).orElse(null));
    body.put("observedAt", o == null ? null : o.observedAt().toString());
    body.put("fresh", fresh);
    return body;
  }
}
