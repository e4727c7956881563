package dev.baton.coord.etcd;

import dev.baton.coord.CasResult;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents on etcd. A document's version is the etcd key's own version (1 at creation, one more
 * with each put; Baton never deletes documents), and compare-and-set is a transaction on it.
 */
final class EtcdDocuments {
  private static final Logger log = LoggerFactory.getLogger(EtcdDocuments.class);

  private final EtcdConnection etcd;
  private final ExecutorService dispatcher;

  /** Listeners run on {@code dispatcher}, one thread, in the order etcd reported the versions. */
  EtcdDocuments(EtcdConnection etcd, ExecutorService dispatcher) {
    this.etcd = etcd;
    this.dispatcher = dispatcher;
  }

  Optional<VersionedDocument> get(String key) {
    VersionedDocument.checkKey(key);
    return first(etcd.await(etcd.client.getKVClient().get(etcd.documentKey(key), GetOption.DEFAULT),
        "read document " + key), key);
  }

  CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
    VersionedDocument.checkKey(key);
    VersionedDocument.checkExpectedVersion(key, expectedVersion);
    VersionedDocument.checkValue(key, value);
    ByteSequence k = etcd.documentKey(key);
    TxnResponse txn = etcd.await(etcd.client.getKVClient().txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(expectedVersion)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit(), "write document " + key + " over version " + expectedVersion);
    if (txn.isSucceeded()) {
      return new CasResult.Written(expectedVersion + 1);
    }
    long actual = first(txn.getGetResponses().get(0), key).map(VersionedDocument::version).orElse(0L);
    return new CasResult.Conflict(expectedVersion, actual);
  }

  /** Reads the document, then watches from the next revision, so that no version is missed. */
  Watch watch(String key, Consumer<VersionedDocument> listener) {
    VersionedDocument.checkKey(key);
    GetResponse now = etcd.await(etcd.client.getKVClient().get(etcd.documentKey(key), GetOption.DEFAULT),
        "watch document " + key);
    AtomicBoolean open = new AtomicBoolean(true);
    Consumer<VersionedDocument> whileOpen = d -> dispatcher.execute(() -> {
      if (open.get()) {
        deliver(listener, d);
      }
    });
    first(now, key).ifPresent(whileOpen);
    WatchOption from = WatchOption.builder().withRevision(now.getHeader().getRevision() + 1).build();
    io.etcd.jetcd.Watch.Watcher watcher = etcd.client.getWatchClient().watch(etcd.documentKey(key), from,
        io.etcd.jetcd.Watch.listener(
            response -> response.getEvents().stream()
                .filter(e -> e.getEventType() == WatchEvent.EventType.PUT)
                .map(e -> document(key, e.getKeyValue()))
                .forEach(whileOpen),
            e -> log.warn("watch of document {} on etcd ended: {}", key, e.getMessage())));
    return () -> {
      open.set(false);
      watcher.close();
    };
  }

  private static void deliver(Consumer<VersionedDocument> listener, VersionedDocument d) {
    try {
      listener.accept(d);
    } catch (RuntimeException e) {
      log.warn("a watch listener on document {} failed at version {}", d.key(), d.version(), e);
    }
  }

  private static Optional<VersionedDocument> first(GetResponse response, String key) {
    return response.getKvs().stream().findFirst().map(kv -> document(key, kv));
  }

  private static VersionedDocument document(String key, KeyValue kv) {
    return new VersionedDocument(key, kv.getVersion(), kv.getValue().getBytes());
  }
}
