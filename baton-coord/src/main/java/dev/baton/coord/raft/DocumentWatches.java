package dev.baton.coord.raft;

import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches registered on one peer, told of each document version the peer applies. Listeners
 * run on one dispatch thread, in the order the versions were applied, so that a listener never
 * sees an older version after a newer one; a slow listener delays the others.
 */
final class DocumentWatches implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DocumentWatches.class);

  private final ExecutorService dispatcher;
  private final Map<String, List<Registration>> byKey = new ConcurrentHashMap<>();

  DocumentWatches(String peerId) {
    this.dispatcher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "baton-watches-" + peerId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Registers a listener and queues {@code current} for it. Call under the state machine's lock,
   * so that no version is applied between reading {@code current} and registering.
   */
  Watch register(String key, Consumer<VersionedDocument> listener, Optional<VersionedDocument> current) {
    Registration r = new Registration(key, listener);
    byKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(r);
    current.ifPresent(d -> dispatch(r, d));
    return r;
  }

  /** A new version was applied. Call under the state machine's lock, in apply order. */
  void changed(VersionedDocument document) {
    byKey.getOrDefault(document.key(), List.of()).forEach(r -> dispatch(r, document));
  }

  /** The keys somebody watches, to compare before and after a snapshot replaces the state. */
  Set<String> keys() {
    return byKey.keySet();
  }

  private void dispatch(Registration r, VersionedDocument document) {
    dispatcher.execute(() -> {
      if (r.open) {
        try {
          r.listener.accept(document);
        } catch (RuntimeException e) {
          log.warn("a watch listener on document {} failed at version {}", document.key(), document.version(), e);
        }
      }
    });
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
  }

  private final class Registration implements Watch {
    final String key;
    final Consumer<VersionedDocument> listener;
    volatile boolean open = true;

    Registration(String key, Consumer<VersionedDocument> listener) {
      this.key = key;
      this.listener = listener;
    }

    @Override
    public void close() {
      open = false;
      byKey.computeIfPresent(key, (k, list) -> {
        list.remove(this);
        return list.isEmpty() ? null : list;
      });
    }
  }
}
