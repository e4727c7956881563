package dev.baton.coord.raft;

import dev.baton.coord.CasResult;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.util.Optional;

/** The answer of the state machine to a {@link Command} or {@link Query}. */
sealed interface Reply {

  /** To acquire, renew and current-lease: the lease held, or empty. */
  record LeaseReply(Optional<Lease> lease) implements Reply {}

  /** To release and expire: whether the lease ended. */
  record Ended(boolean ended) implements Reply {}

  record CasReply(CasResult result) implements Reply {}

  record DocumentReply(Optional<VersionedDocument> document) implements Reply {}

  /** To {@link Query.Leadership}: the answering peer, whether it led when it answered, and its term. */
  record LeadershipReply(String peer, boolean leader, long term) implements Reply {}
}
