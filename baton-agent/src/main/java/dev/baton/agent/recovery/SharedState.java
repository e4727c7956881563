package dev.baton.agent.recovery;

import dev.baton.agent.json.Json;
import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.failover.ClusterState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A cluster's {@link ClusterState} in the coordination store, changed only by compare-and-set so
 * that two managers never overwrite each other's change.
 */
public final class SharedState {
  /** Attempts of one update before a conflict is reported; each retry re-reads the state. */
  static final int MAX_ATTEMPTS = 10;

  private final CoordinationStore store;
  private final String key;
  /**
   * The newest version this manager read or wrote, or null. A linearizable read costs a heartbeat
   * round of the Raft group, and one right after a write took up to 175 ms here against 12 ms for
   * the write (a switchover's publish step): an update tries its compare-and-set against this
   * version first, and reads only when another manager wrote since.
   */
  private final AtomicReference<Read> remembered = new AtomicReference<>();

  public SharedState(CoordinationStore store, String cluster) {
    this.store = store;
    this.key = "clusters/" + cluster + "/state";
  }

  public record Read(long version, ClusterState state) {}

  public Optional<Read> read() {
    Optional<Read> r = store.get(key).map(d -> new Read(d.version(), decode(d.value())));
    r.ifPresent(this::remember);
    return r;
  }

  /** Writes the first state unless one exists; returns the state that is in force. */
  public ClusterState initialize(ClusterState initial) {
    CasResult r = store.compareAndSet(key, 0, encode(initial));
    return r instanceof CasResult.Written ? initial : read().orElseThrow().state();
  }

  /**
   * Applies {@code change} to the current state with compare-and-set, re-reading on conflict. The
   * first try may start from the remembered state: a stale one only costs a failed compare-and-set,
   * since the change is always written over the version it was applied to. A remembered state the
   * change leaves as it is proves nothing, so that answer waits for a fresh read.
   */
  public ClusterState update(UnaryOperator<ClusterState> change) {
    Read current = remembered.get();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      boolean fresh = current == null;
      if (fresh) {
        current = read().orElseThrow(() -> new ClusterStateException("the cluster state is not in the store yet"));
      }
      ClusterState next = change.apply(current.state());
      if (next.equals(current.state())) {
        if (fresh) {
          return next;
        }
        current = null;
        continue;
      }
      if (store.compareAndSet(key, current.version(), encode(next)) instanceof CasResult.Written w) {
        remember(new Read(w.version(), next));
        return next;
      }
      current = null;
    }
    throw new ClusterStateException("the cluster state changed under " + MAX_ATTEMPTS
        + " attempts to update it; another manager is changing it too, retry");
  }

  private void remember(Read r) {
    remembered.accumulateAndGet(r, (known, seen) -> known == null || seen.version() > known.version() ? seen : known);
  }

  public Watch watch(Consumer<ClusterState> listener) {
    return store.watch(key, (VersionedDocument d) -> listener.accept(decode(d.value())));
  }

  private static byte[] encode(ClusterState s) {
    try {
      return Json.MAPPER.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClusterState decode(byte[] bytes) {
    try {
      return Json.MAPPER.readValue(bytes, ClusterState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("the cluster state in the store cannot be read", e);
    }
  }
}
