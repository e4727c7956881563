package dev.baton.coord.etcd;

import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The coordination store on an etcd cluster (v3 API), for deployments that already run one.
 * Every answer comes from etcd's linearizable reads and transactions; see {@link EtcdLeases} for
 * how leases and epochs map onto etcd, {@link EtcdDocuments} for documents.
 */
public final class EtcdCoordinationStore implements CoordinationStore {
  private final EtcdConnection etcd;
  private final ExecutorService dispatcher;
  private final EtcdLeases leases;
  private final EtcdDocuments documents;

  private EtcdCoordinationStore(EtcdSettings settings) {
    this.etcd = new EtcdConnection(settings);
    this.dispatcher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "baton-etcd-watches");
      t.setDaemon(true);
      return t;
    });
    this.leases = new EtcdLeases(etcd);
    this.documents = new EtcdDocuments(etcd, dispatcher);
  }

  /** A store on etcd; the connection is made on first use. */
  public static EtcdCoordinationStore connect(EtcdSettings settings) {
    return new EtcdCoordinationStore(Objects.requireNonNull(settings, "settings"));
  }

  @Override
  public Optional<Lease> acquire(String name, String owner, Duration ttl) {
    return leases.acquire(name, owner, ttl);
  }

  @Override
  public Optional<Lease> renew(Lease lease) {
    return leases.renew(lease);
  }

  @Override
  public void release(Lease lease) {
    leases.release(lease);
  }

  @Override
  public Optional<Lease> current(String name) {
    return leases.current(name);
  }

  @Override
  public Optional<VersionedDocument> get(String key) {
    return documents.get(key);
  }

  @Override
  public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
    return documents.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public Watch watch(String key, Consumer<VersionedDocument> listener) {
    return documents.watch(key, Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
    etcd.close();
  }
}
