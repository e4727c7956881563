package dev.baton.core.analysis;

/**
 * What is wrong with a cluster, in Orchestrator's vocabulary so that operators who know it can
 * read Baton's audit at a glance.
 */
public enum AnalysisCode {
  /** The primary is unreachable and no reachable replica is connected to it; every replica is reachable. */
  DEAD_PRIMARY("DeadPrimary", true),
  /** As {@link #DEAD_PRIMARY}, but some replicas are unreachable too. */
  DEAD_PRIMARY_AND_SOME_REPLICAS("DeadPrimaryAndSomeReplicas", true),
  /** The primary and every replica are unreachable: nothing to promote. */
  DEAD_PRIMARY_WITHOUT_REPLICAS("DeadPrimaryWithoutReplicas", false),
  /** The manager cannot reach the primary but a replica still receives from it: no failover. */
  UNREACHABLE_PRIMARY("UnreachablePrimary", false),
  /** A replica does not answer the manager (stopped, crashed, cut off); others remain. */
  UNREACHABLE_REPLICA("UnreachableReplica", false),
  /** The primary's only replica is unreachable: no redundancy left. */
  PRIMARY_SINGLE_REPLICA_DEAD("PrimarySingleReplicaDead", false),
  /** Every reachable replica has stopped replicating. */
  ALL_REPLICAS_NOT_REPLICATING("AllReplicasNotReplicating", false),
  /** A replica's replication threads were stopped without an error. */
  REPLICATION_STOPPED("ReplicationStopped", false),
  /** A replica's replication stopped on an error. */
  REPLICATION_BROKEN("ReplicationBroken", false),
  /** A replica is further behind than the lag limit. */
  LAGGING_REPLICA("LaggingReplica", false),
  /** A replica executed transactions the primary never had. */
  ERRANT_GTID("ErrantGtid", false),
  /** The primary answers but is read-only. */
  NO_WRITABLE_PRIMARY("NoWritablePrimary", false),
  /** More than one instance accepts writes. */
  MULTIPLE_WRITABLE_PRIMARIES("MultipleWritablePrimaries", false);

  private final String id;
  private final boolean failover;

  AnalysisCode(String id, boolean failover) {
    this.id = id;
    this.failover = failover;
  }

  /** The code as shown to operators, e.g. {@code DeadPrimary}. */
  public String id() {
    return id;
  }

  /** Whether this condition calls for promoting a replica. */
  public boolean callsForFailover() {
    return failover;
  }

  @Override
  public String toString() {
    return id;
  }
}
