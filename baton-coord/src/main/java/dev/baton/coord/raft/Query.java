package dev.baton.coord.raft;

import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;

/** A read of the coordination state; answered by the leader after a linearizable read index. */
sealed interface Query {

  record CurrentLease(String name) implements Query {
    public CurrentLease {
      Lease.checkName(name);
    }
  }

  record GetDocument(String key) implements Query {
    public GetDocument {
      VersionedDocument.checkKey(key);
    }
  }

  /**
   * Who answers, whether it leads and in which term. Sent to the asking agent's own peer: after
   * the read index (a heartbeat round a majority acknowledged), a leader's answer proves that no
   * other peer could be elected until an election timeout after the question was sent.
   */
  record Leadership() implements Query {}
}
