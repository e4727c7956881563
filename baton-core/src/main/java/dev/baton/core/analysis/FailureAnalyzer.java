package dev.baton.core.analysis;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import dev.baton.core.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns one round of observations into findings. Pure: the same observations always give the
 * same findings; confirming them over several rounds is {@link Detector}'s job.
 *
 * <p>A primary is dead only when the manager cannot reach it <em>and</em> no reachable replica
 * still receives from it: a manager cut off from a healthy primary must not fail it over.
 */
public final class FailureAnalyzer {
  private FailureAnalyzer() {}

  /**
   * @param primaryGtidsAfterReplicas the primary's executed GTIDs read after every replica was
   *     probed in this round; a replica can only be ahead of that by transactions the primary never
   *     had, so errant transactions are never confused with ones the primary committed mid-round
   * @param parse reads a GTID set in the cluster's flavor
   */
  public static <S extends GtidSet<S>> List<Analysis> analyze(Topology topology,
      Map<InstanceAddress, InstanceObservation> observations, Optional<String> primaryGtidsAfterReplicas,
      AnalysisSettings settings, Function<String, S> parse) {
    InstanceObservation primary = observations.get(topology.primary());
    if (primary == null || !primary.reachable()) {
      return List.of(primaryUnreachable(topology, observations, primary));
    }
    List<Analysis> found = new ArrayList<>();
    if (!primary.writable()) {
      found.add(new Analysis(AnalysisCode.NO_WRITABLE_PRIMARY, topology.primary(),
          "the primary is reachable but read_only=" + on(primary.readOnly()) + ", super_read_only="
              + on(primary.superReadOnly())));
    }
    List<InstanceAddress> writable = observations.values().stream().filter(InstanceObservation::writable)
        .map(InstanceObservation::address).sorted().toList();
    if (writable.size() > 1) {
      found.add(new Analysis(AnalysisCode.MULTIPLE_WRITABLE_PRIMARIES, topology.primary(),
          "instances accepting writes: " + writable));
    }
    S primarySet = parse.apply(primaryGtidsAfterReplicas.orElse(primary.gtidExecuted()));
    List<InstanceAddress> dead = new ArrayList<>();
    int replicating = 0;
    int reachable = 0;
    for (InstanceAddress r : topology.replicas()) {
      InstanceObservation o = observations.get(r);
      if (o == null || !o.reachable()) {
        dead.add(r);
        continue;
      }
      reachable++;
      replicating += o.replicating() ? 1 : 0;
      replicaFindings(topology, o, settings).ifPresent(found::add);
      S errant = parse.apply(o.gtidExecuted()).subtract(primarySet);
      if (!errant.isEmpty()) {
        found.add(new Analysis(AnalysisCode.ERRANT_GTID, r, "executed transactions the primary "
            + topology.primary() + " never had: " + GtidSet.oneLine(errant)));
      }
    }
    if (topology.replicas().size() == 1 && dead.size() == 1) {
      found.add(new Analysis(AnalysisCode.PRIMARY_SINGLE_REPLICA_DEAD, topology.primary(),
          "its only replica " + dead.get(0) + " is unreachable"));
    } else {
      dead.forEach(r -> found.add(new Analysis(AnalysisCode.UNREACHABLE_REPLICA, r, "does not answer ("
          + Optional.ofNullable(observations.get(r)).flatMap(InstanceObservation::error).orElse("not probed yet") + ")")));
    }
    if (reachable > 1 && replicating == 0) {
      found.add(new Analysis(AnalysisCode.ALL_REPLICAS_NOT_REPLICATING, topology.primary(),
          "none of the " + reachable + " reachable replicas replicates"));
    }
    return List.copyOf(found);
  }

  private static Analysis primaryUnreachable(Topology topology, Map<InstanceAddress, InstanceObservation> observations,
      InstanceObservation primary) {
    String why = primary == null ? "not probed" : primary.error().orElse("unreachable");
    List<InstanceObservation> reachableReplicas = topology.replicas().stream().map(observations::get)
        .filter(o -> o != null && o.reachable()).toList();
    List<InstanceAddress> stillReceiving = reachableReplicas.stream()
        .filter(o -> o.replica().filter(s -> s.source().equals(topology.primary()) && s.ioRunning()).isPresent())
        .map(InstanceObservation::address).toList();
    if (!stillReceiving.isEmpty()) {
      return new Analysis(AnalysisCode.UNREACHABLE_PRIMARY, topology.primary(),
          "the manager cannot reach the primary (" + why + ") but " + stillReceiving + " still receive from it");
    }
    if (reachableReplicas.isEmpty()) {
      return new Analysis(AnalysisCode.DEAD_PRIMARY_WITHOUT_REPLICAS, topology.primary(),
          "the primary (" + why + ") and all replicas are unreachable");
    }
    String replicas = reachableReplicas.stream().map(o -> o.address().toString()).collect(Collectors.joining(", "));
    if (reachableReplicas.size() < topology.replicas().size()) {
      return new Analysis(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS, topology.primary(),
          "the primary is unreachable (" + why + "), no replica receives from it, only " + replicas + " reachable");
    }
    return new Analysis(AnalysisCode.DEAD_PRIMARY, topology.primary(),
        "the primary is unreachable (" + why + ") and none of " + replicas + " receives from it");
  }

  private static Optional<Analysis> replicaFindings(Topology topology, InstanceObservation o,
      AnalysisSettings settings) {
    Optional<ReplicaStatus> status = o.replica();
    if (status.isEmpty()) {
      return Optional.of(new Analysis(AnalysisCode.REPLICATION_STOPPED, o.address(), "no replication source configured"));
    }
    ReplicaStatus s = status.get();
    if (!s.replicating() && s.lastError().isPresent()) {
      // The server's text quotes the failing statement, which may span lines.
      String error = s.lastError().get().replaceAll("\\s*\\R\\s*", " ");
      return Optional.of(new Analysis(AnalysisCode.REPLICATION_BROKEN, o.address(), threads(s) + ": " + error));
    }
    if (!s.replicating()) {
      return Optional.of(new Analysis(AnalysisCode.REPLICATION_STOPPED, o.address(), threads(s)));
    }
    if (!s.source().equals(topology.primary())) {
      return Optional.of(new Analysis(AnalysisCode.REPLICATION_STOPPED, o.address(),
          "replicates from " + s.source() + ", not from the primary " + topology.primary()));
    }
    if (s.lagSeconds().filter(lag -> lag > settings.lagLimitSeconds()).isPresent()) {
      return Optional.of(new Analysis(AnalysisCode.LAGGING_REPLICA, o.address(), s.lagSeconds().get()
          + " s behind the primary (limit " + settings.lagLimitSeconds() + " s)"));
    }
    return Optional.empty();
  }

  private static String threads(ReplicaStatus s) {
    return "IO thread " + (s.ioRunning() ? "running" : "stopped") + ", SQL thread " + (s.sqlRunning() ? "running" : "stopped");
  }

  private static String on(boolean b) {
    return b ? "ON" : "OFF";
  }
}
