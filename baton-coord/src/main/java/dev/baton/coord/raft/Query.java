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
}
