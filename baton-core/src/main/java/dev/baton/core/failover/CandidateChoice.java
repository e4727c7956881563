package dev.baton.core.failover;

import dev.baton.core.cluster.InstanceAddress;

/** The outcome of choosing a replica to promote. */
public sealed interface CandidateChoice {
  /** @param why the reasons that made this replica the candidate, for the audit record */
  record Chosen(InstanceAddress candidate, String why) implements CandidateChoice {}

  /** @param reason one line: who, what, expected vs actual */
  record Refused(String reason) implements CandidateChoice {}
}
