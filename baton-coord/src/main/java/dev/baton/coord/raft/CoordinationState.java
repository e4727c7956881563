package dev.baton.coord.raft;

import dev.baton.coord.CasResult;
import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Leases, their epochs and documents, as the Raft log has built them. Deterministic: the same
 * commands at the same log indexes give the same state on every peer. It never reads a clock;
 * the leader decides when a lease has expired and proposes {@link Command.Expire}. Not
 * thread-safe: the state machine guards it.
 */
final class CoordinationState {
  private final Map<String, HeldLease> held;
  /** The last epoch handed out per lease name; kept after a lease ends so that epochs only grow. */
  private final Map<String, Epoch> lastEpochs;
  private final Map<String, VersionedDocument> documents;

  CoordinationState() {
    this(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  CoordinationState(Map<String, HeldLease> held, Map<String, Epoch> lastEpochs, Map<String, VersionedDocument> documents) {
    this.held = new TreeMap<>(held);
    this.lastEpochs = new TreeMap<>(lastEpochs);
    this.documents = new TreeMap<>(documents);
  }

  CoordinationState copy() {
    return new CoordinationState(held, lastEpochs, documents);
  }

  /** Applies a committed command found at log index {@code index}, written in Raft term {@code term}. */
  Reply apply(Command command, long index, long term) {
    if (command instanceof Command.Acquire a) {
      return new Reply.LeaseReply(acquire(a, index, term));
    } else if (command instanceof Command.Renew r) {
      return new Reply.LeaseReply(renew(r, index, term));
    } else if (command instanceof Command.Release r) {
      return new Reply.Ended(end(r.name(), h -> h.lease().owner().equals(r.owner()) && h.lease().epoch().equals(r.epoch())));
    } else if (command instanceof Command.Expire e) {
      return new Reply.Ended(end(e.name(), h -> h.lease().epoch().equals(e.epoch()) && h.grantIndex() == e.grantIndex()));
    } else {
      return new Reply.CasReply(compareAndSet((Command.CompareAndSet) command));
    }
  }

  Reply read(Query query) {
    if (query instanceof Query.CurrentLease c) {
      return new Reply.LeaseReply(Optional.ofNullable(held.get(c.name())).map(HeldLease::lease));
    }
    return new Reply.DocumentReply(document(((Query.GetDocument) query).key()));
  }

  Optional<VersionedDocument> document(String key) {
    return Optional.ofNullable(documents.get(key));
  }

  Optional<HeldLease> heldLease(String name) {
    return Optional.ofNullable(held.get(name));
  }

  List<HeldLease> held() {
    return List.copyOf(held.values());
  }

  Map<String, Epoch> lastEpochs() {
    return Map.copyOf(lastEpochs);
  }

  Map<String, VersionedDocument> documents() {
    return Map.copyOf(documents);
  }

  private Optional<Lease> acquire(Command.Acquire a, long index, long term) {
    if (!inItsTerm(a.term(), term)) {
      return Optional.empty();
    }
    HeldLease current = held.get(a.name());
    boolean sameOwner = current != null && current.lease().owner().equals(a.owner());
    if (current != null && !sameOwner && !(a.term() != 0 && current.term() != 0 && current.term() < term)) {
      return Optional.empty();
    }
    Epoch epoch = sameOwner ? current.lease().epoch()
        : Optional.ofNullable(lastEpochs.get(a.name())).map(Epoch::next).orElse(Epoch.FIRST);
    Lease lease = new Lease(a.name(), a.owner(), epoch, a.ttl());
    held.put(a.name(), new HeldLease(lease, index, a.term()));
    lastEpochs.put(a.name(), epoch);
    return Optional.of(lease);
  }

  private Optional<Lease> renew(Command.Renew r, long index, long term) {
    HeldLease current = held.get(r.name());
    if (current == null || !current.lease().owner().equals(r.owner()) || !current.lease().epoch().equals(r.epoch())
        || !inItsTerm(r.term(), term)) {
      return Optional.empty();
    }
    held.put(r.name(), new HeldLease(current.lease(), index, r.term() != 0 ? r.term() : current.term()));
    return Optional.of(current.lease());
  }

  /** A leader-bound command counts only in the term its proposer led: a later leader may have taken over since. */
  private static boolean inItsTerm(long commandTerm, long entryTerm) {
    return commandTerm == 0 || commandTerm == entryTerm;
  }

  private boolean end(String name, Predicate<HeldLease> matches) {
    HeldLease current = held.get(name);
    if (current == null || !matches.test(current)) {
      return false;
    }
    held.remove(name);
    return true;
  }

  private CasResult compareAndSet(Command.CompareAndSet c) {
    long actual = document(c.key()).map(VersionedDocument::version).orElse(0L);
    if (actual != c.expectedVersion()) {
      return new CasResult.Conflict(c.expectedVersion(), actual);
    }
    documents.put(c.key(), new VersionedDocument(c.key(), actual + 1, c.value()));
    return new CasResult.Written(actual + 1);
  }
}
