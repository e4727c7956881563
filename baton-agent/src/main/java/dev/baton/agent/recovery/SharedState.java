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

  public SharedState(CoordinationStore store, String cluster) {
    this.store = store;
    this.key = "clusters/" + cluster + "/state";
  }

  public record Read(long version, ClusterState state) {}

  public Optional<Read> read() {
    return store.get(key).map(d -> new Read(d.version(), decode(d.value())));
  }

  /** Writes the first state unless one exists; returns the state that is in force. */
  public ClusterState initialize(ClusterState initial) {
    CasResult r = store.compareAndSet(key, 0, encode(initial));
    return r instanceof CasResult.Written ? initial : read().orElseThrow().state();
  }

  /** Applies {@code change} to the current state with compare-and-set, re-reading on conflict. */
  public ClusterState update(UnaryOperator<ClusterState> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Read current = read().orElseThrow(() -> new ClusterStateException("the cluster state is not in the store yet"));
      ClusterState next = change.apply(current.state());
      if (next.equals(current.state())) {
        return next;
      }
      if (store.compareAndSet(key, current.version(), encode(next)) instanceof CasResult.Written) {
        return next;
      }
    }
    throw new ClusterStateException("the cluster state changed under " + MAX_ATTEMPTS
        + " attempts to update it; another manager is changing it too, retry");
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
