package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.topology.InstanceObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides what to do with replicas of the topology that do not replicate from the primary: a
 * failed primary that came back, or a replica that restarted. Pure.
 *
 * <p>An instance rejoins only if its GTID set is contained in the primary's: otherwise it holds
 * transactions the cluster does not have (an old primary's last writes that never reached a
 * replica), and it is flagged for rebuild instead, never made part of the cluster silently.
 * A member that is not the primary yet accepts writes (an old primary that was frozen during
 * its failover and woke up) is fenced at once, whatever its flags.
 */
public final class Rejoin {
  /** One decision about one instance. */
  public sealed interface Action {
    InstanceAddress instance();

    /** A replica that accepts writes: made read-only and its sessions ended before anything else. */
    record Fence(InstanceAddress instance) implements Action {}

    record Repoint(InstanceAddress instance, InstanceAddress source) implements Action {}

    record StartReplication(InstanceAddress instance) implements Action {}

    record FlagRebuild(InstanceAddress instance, String reason) implements Action {}
  }

  private Rejoin() {}

  public static <S extends GtidSet<S>> List<Action> decide(ClusterState state,
      Map<InstanceAddress, InstanceObservation> observations, boolean rejoinAllowed, Function<String, S> parse) {
    InstanceAddress primary = state.topology().primary();
    InstanceObservation p = observations.get(primary);
    if (p == null || !p.writable()) {
      return List.of();
    }
    S primarySet = parse.apply(p.gtidExecuted());
    List<Action> actions = new ArrayList<>();
    for (InstanceAddress r : state.topology().replicas()) {
      InstanceObservation o = observations.get(r);
      InstanceFlags flags = state.flags(r);
      if (o != null && o.reachable() && o.writable()) {
        actions.add(new Action.Fence(r));
      }
      boolean followsPrimary = o != null && o.replica().filter(s -> s.source().equals(primary)).isPresent();
      if (o == null || !o.reachable() || flags.downtimed() || flags.needsRebuild().isPresent()
          || o.replicating() && followsPrimary) {
        continue;
      }
      boolean broken = o.replica().flatMap(s -> s.lastError()).isPresent();
      if (followsPrimary && broken) {
        continue;
      }
      S extra = parse.apply(o.gtidExecuted()).subtract(primarySet);
      if (!extra.isEmpty()) {
        actions.add(new Action.FlagRebuild(r, "has transactions the primary " + primary + " lacks: " + GtidSet.oneLine(extra)));
      } else if (followsPrimary) {
        actions.add(new Action.StartReplication(r));
      } else if (rejoinAllowed) {
        actions.add(new Action.Repoint(r, primary));
      }
    }
    return List.copyOf(actions);
  }
}
