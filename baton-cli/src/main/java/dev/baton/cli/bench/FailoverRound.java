package dev.baton.cli.bench;

/**
 * One round's figures, in milliseconds from the fault (-1 when not measured).
 *
 * @param newLeaderMillis host mode: when another agent's Raft peer led a later term
 * @param blockedMillis the longest gap between two acknowledged writes around the fault
 * @param failedAttempts writes or connections that failed during the round
 * @param failedConnects of those, connection attempts (a switchover must cause none)
 * @param lostRows acknowledged rows missing on the new primary
 * @param errantReplicas replicas with transactions the new primary lacks, after the round settled
 * @param writableOverlaps samples in which two instances accepted writes at once
 */
record FailoverRound(int round, String mode, String oldPrimary, String newPrimary, long newLeaderMillis,
    long detectionMillis,
    long promotionMillis, long firstWriteMillis, long blockedMillis, long failedAttempts, long failedConnects, long lostRows,
    long errantReplicas, long writableOverlaps) {}
