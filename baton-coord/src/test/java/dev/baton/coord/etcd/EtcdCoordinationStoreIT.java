package dev.baton.coord.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationStoreConformance;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The conformance suite on a real etcd, started by the test; two clients as two agents. */
class EtcdCoordinationStoreIT extends CoordinationStoreConformance {
  private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofSeconds(1);
  /** A new client's first call connects and loads classes, slow on a loaded machine. */
  private static final Duration FIRST_ANSWER_WAIT = Duration.ofSeconds(20);

  private EtcdTestServer etcd;
  private EtcdCoordinationStore store;
  private EtcdCoordinationStore other;

  @Test
  void whileEtcdIsDownEveryOperationFailsWithinTheRequestTimeout() throws Exception {
    EtcdSettings quick = new EtcdSettings(List.of(etcd.clientUrl()), "/baton-it/", SHORT_REQUEST_TIMEOUT);
    try (EtcdCoordinationStore client = EtcdCoordinationStore.connect(quick)) {
      // Acquiring again is harmless for the holder, so a cold client may retry it.
      Lease lease = await("a first answer from etcd").atMost(FIRST_ANSWER_WAIT).ignoreExceptions()
          .until(() -> client.acquire("down", "agent-1", Duration.ofSeconds(30)), Optional::isPresent).orElseThrow();
      etcd.kill();
      try {
        assertUnavailable(() -> client.acquire("down-other", "agent-1", Duration.ofSeconds(30)));
        assertUnavailable(() -> client.renew(lease));
        assertUnavailable(() -> client.current("down"));
        assertUnavailable(() -> client.compareAndSet("down", 0, new byte[] {1}));
        assertUnavailable(() -> client.get("down"));
      } finally {
        etcd.startAgain();
      }
      // etcd keeps leases across a restart; the client reconnects with a back-off.
      assertThat(await("renewal after etcd restarted").atMost(FIRST_ANSWER_WAIT).ignoreExceptions()
          .until(() -> client.renew(lease), Optional::isPresent)).contains(lease);
    }
  }

  private static void assertUnavailable(Runnable operation) {
    long start = System.nanoTime();
    assertThatThrownBy(operation::run).isInstanceOf(CoordinationUnavailableException.class)
        .hasMessageContaining("etcd at http://127.0.0.1:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThanOrEqualTo(SHORT_REQUEST_TIMEOUT.plus(Duration.ofSeconds(1)));
  }

  @Override
  protected void startBackend(Path dir) throws Exception {
    etcd = EtcdTestServer.start(dir);
    EtcdSettings settings = EtcdSettings.of(List.of(etcd.clientUrl())).withNamespace("/baton-it/");
    store = EtcdCoordinationStore.connect(settings);
    other = EtcdCoordinationStore.connect(settings);
    for (EtcdCoordinationStore s : List.of(store, other)) {
      await("a first answer from etcd").atMost(FIRST_ANSWER_WAIT).ignoreExceptions()
          .until(() -> s.current("first-answer").isEmpty());
    }
  }

  @Override
  protected void stopBackend() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
      if (other != null) {
        other.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  @Override
  protected CoordinationStore store() {
    return store;
  }

  @Override
  protected CoordinationStore otherStore() {
    return other;
  }

  @Override
  protected void restartBackend() throws Exception {
    etcd.restart();
  }
}
