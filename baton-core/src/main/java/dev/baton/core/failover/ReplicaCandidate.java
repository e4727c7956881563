package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.GtidSet;
import java.util.Optional;

/**
 * A reachable replica as the chooser sees it.
 *
 * @param transactions what it has executed or already received (executed ∪ retrieved): a
 *     transaction in its relay log is applied before promotion, so it counts
 * @param errant transactions it has that no primary ever had; empty for a clean replica
 */
public record ReplicaCandidate<S extends GtidSet<S>>(
    InstanceAddress address, S transactions, S errant, PromotionRule rule, Optional<Long> lagSeconds) {

  /** Its transactions without the errant ones: what it holds of the cluster's real history. */
  public S history() {
    return transactions.withoutErrant(errant);
  }

  /**
   * As a switchover sees it: the candidate first catches up with the live primary, so it will
   * hold the primary's {@code transactions}, however far behind another replica it is now.
   */
  public ReplicaCandidate<S> caughtUpWith(S primaryTransactions) {
    return new ReplicaCandidate<>(address, primaryTransactions, errant, rule, lagSeconds);
  }

  /** Whether rules and state allow promoting it at all. */
  public boolean eligible() {
    return rule != PromotionRule.MUST_NOT && errant.isEmpty();
  }
}
