package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What happens to read connections when their replica leaves the read set, or becomes the primary. */
@Timeout(60)
class ReadDrainTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration DRAIN = Duration.ofMillis(600);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void aReadConnectionWorksThroughTheDrainAndIsCutWhenItEnds() throws Exception {
    TaggedServer leaving = server("leaving");
    TaggedServer staying = server("staying");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withReadDrain(DRAIN));
    router.route(new Routing(Optional.empty(), List.of(leaving.address(), staying.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("leaving");
    long start = System.nanoTime();

    router.route(new Routing(Optional.empty(), List.of(staying.address())));

    assertThat(router.stats().read().draining()).isEqualTo(1);
    reader.send("query".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(reader.readExactly(5), StandardCharsets.UTF_8)).isEqualTo("query");
    assertThat(reader.closedWithin(WAIT)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DRAIN.minusMillis(50));
    await().atMost(WAIT).until(() -> leaving.openConnections() == 0);
    assertThat(router.stats().read().draining()).isZero();
    assertThat(client(router.readAddress()).readTag()).isEqualTo("staying");
  }

  @Test
  void aReplicaThatComesBackBeforeTheDrainEndsKeepsItsConnections() throws Exception {
    TaggedServer wobbly = server("wobbly");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withReadDrain(DRAIN));
    router.route(new Routing(Optional.empty(), List.of(wobbly.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("wobbly");

    router.route(Routing.NONE);
    router.route(new Routing(Optional.empty(), List.of(wobbly.address())));

    assertThat(reader.closedWithin(DRAIN.multipliedBy(2))).isFalse();
    assertThat(router.stats().read().draining()).isZero();
  }

  @Test
  void aReplicaPromotedToPrimaryKeepsItsReadConnections() throws Exception {
    TaggedServer promoted = server("promoted");
    TaggedServer other = server("other");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withReadDrain(DRAIN));
    router.route(new Routing(Optional.empty(), List.of(promoted.address(), other.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("promoted");

    router.route(new Routing(Optional.empty(), List.of(other.address())));
    router.route(new Routing(Optional.of(promoted.address()), List.of(other.address())));

    assertThat(reader.closedWithin(DRAIN.multipliedBy(2))).isFalse();
    assertThat(router.stats().read().draining()).isZero();
  }

  @Test
  void aPromotedReplicasReadConnectionsDrainWhenSoConfigured() throws Exception {
    TaggedServer promoted = server("promoted");
    TaggedServer other = server("other");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withReadDrain(DRAIN).withKeepReadsOnPromotion(false));
    router.route(new Routing(Optional.empty(), List.of(promoted.address(), other.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("promoted");

    router.route(new Routing(Optional.of(promoted.address()), List.of(other.address())));

    assertThat(reader.closedWithin(WAIT)).isTrue();
  }

  @Test
  void aZeroDrainCutsAtOnce() throws Exception {
    TaggedServer leaving = server("leaving");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withReadDrain(Duration.ZERO));
    router.route(new Routing(Optional.empty(), List.of(leaving.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("leaving");

    router.route(Routing.NONE);

    assertThat(reader.closedWithin(Duration.ofSeconds(1))).isTrue();
  }

  private Router router(RouterSettings settings) {
    Router router = Router.start(settings);
    resources.add(router);
    return router;
  }

  private TaggedServer server(String name) throws IOException {
    TaggedServer server = TaggedServer.start(name);
    resources.add(server);
    return server;
  }

  private TestClient client(InetSocketAddress address) throws IOException {
    TestClient client = TestClient.connect(address);
    resources.add(client);
    return client;
  }
}
