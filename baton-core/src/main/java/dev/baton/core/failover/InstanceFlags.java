package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Optional;

/**
 * What the managers remember about one instance beyond the topology.
 *
 * @param downtimed left with replication stopped on purpose (an old primary after switchover)
 *     until an operator starts it
 * @param needsRebuild why the instance may not rejoin, e.g. its errant GTIDs; empty when it may
 */
public record InstanceFlags(InstanceAddress address, PromotionRule rule, boolean downtimed,
    Optional<String> needsRebuild) {

  public static InstanceFlags neutral(InstanceAddress address) {
    return new InstanceFlags(address, PromotionRule.NEUTRAL, false, Optional.empty());
  }
}
