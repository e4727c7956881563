package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.GtidSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses the replica to promote: one whose history contains every reachable replica's, so
 * that no acknowledged transaction is lost. Ties are broken by promotion rule, then lag, then
 * address (deterministic).
 *
 * <p>When only a replica that may not be promoted (must_not, or errant) holds the most
 * transactions, the choice is refused rather than silently losing them: the refusal names the
 * missing transactions and who holds them.
 */
public final class CandidateChooser {
  private static final Comparator<Optional<Long>> LAG_UNKNOWN_LAST =
      Comparator.comparing((Optional<Long> lag) -> lag.isEmpty()).thenComparing(lag -> lag.orElse(0L));

  private CandidateChooser() {}

  public static <S extends GtidSet<S>> CandidateChoice choose(List<ReplicaCandidate<S>> replicas,
      Optional<InstanceAddress> requested) {
    if (replicas.isEmpty()) {
      return new CandidateChoice.Refused("no reachable replica to promote");
    }
    Optional<ReplicaCandidate<S>> leader = replicas.stream()
        .filter(r -> replicas.stream().allMatch(o -> r.history().contains(o.history())))
        .findFirst();
    if (leader.isEmpty()) {
      return new CandidateChoice.Refused("the replicas' histories diverge, none contains all the others': "
          + replicas.stream().map(r -> r.address() + " has " + GtidSet.oneLine(r.history())).collect(Collectors.joining("; "))
          + "; rebuild the diverging replicas or promote one by hand");
    }
    S mostAdvanced = leader.get().history();
    if (requested.isPresent()) {
      return requested(replicas, requested.get(), leader.get(), mostAdvanced);
    }
    List<ReplicaCandidate<S>> complete = replicas.stream()
        .filter(ReplicaCandidate::eligible)
        .filter(r -> r.history().contains(mostAdvanced))
        .sorted(Comparator.comparing((ReplicaCandidate<S> r) -> r.rule().ordinal())
            .thenComparing(ReplicaCandidate::lagSeconds, LAG_UNKNOWN_LAST)
            .thenComparing(ReplicaCandidate::address))
        .toList();
    if (complete.isEmpty()) {
      ReplicaCandidate<S> best = leader.get();
      String eligible = replicas.stream().filter(ReplicaCandidate::eligible)
          .map(r -> r.address() + " lacks " + GtidSet.oneLine(mostAdvanced.subtract(r.history())))
          .collect(Collectors.joining("; "));
      return new CandidateChoice.Refused("refusing to promote: only " + best.address() + " ("
          + whyIneligible(best) + ") holds every transaction"
          + (eligible.isEmpty() ? " and no other replica may be promoted" : ", and " + eligible)
          + "; if it may be promoted after all, change its promotion rule, and repair or rebuild a replica with"
          + " errant transactions first");
    }
    ReplicaCandidate<S> chosen = complete.get(0);
    return new CandidateChoice.Chosen(chosen.address(), "holds every reachable replica's transactions (" + GtidSet.oneLine(mostAdvanced)
        + "); promotion rule " + chosen.rule() + ", lag " + chosen.lagSeconds().map(l -> l + " s").orElse("unknown")
        + (complete.size() > 1 ? "; preferred over " + complete.subList(1, complete.size()).stream()
            .map(r -> r.address().toString()).collect(Collectors.joining(", ")) : ""));
  }

  private static <S extends GtidSet<S>> CandidateChoice requested(List<ReplicaCandidate<S>> replicas,
      InstanceAddress wanted, ReplicaCandidate<S> leader, S mostAdvanced) {
    Optional<ReplicaCandidate<S>> found = replicas.stream().filter(r -> r.address().equals(wanted)).findFirst();
    if (found.isEmpty()) {
      return new CandidateChoice.Refused("refusing to promote " + wanted + ": it is not a reachable replica of this cluster"
          + " (reachable replicas: " + replicas.stream().map(r -> r.address().toString()).collect(Collectors.joining(", "))
          + ")");
    }
    ReplicaCandidate<S> r = found.get();
    if (!r.eligible()) {
      return new CandidateChoice.Refused("refusing to promote " + wanted + ": " + whyIneligible(r));
    }
    S missing = mostAdvanced.subtract(r.history());
    if (!missing.isEmpty()) {
      return new CandidateChoice.Refused("refusing to promote " + wanted + ": its GTID set lacks " + GtidSet.oneLine(missing)
          + ", held by " + leader.address());
    }
    return new CandidateChoice.Chosen(wanted, "requested by the operator; holds every reachable replica's transactions");
  }

  private static String whyIneligible(ReplicaCandidate<?> r) {
    return r.rule() == PromotionRule.MUST_NOT ? "promotion rule must_not" : "it has errant transactions " + GtidSet.oneLine(r.errant());
  }
}
