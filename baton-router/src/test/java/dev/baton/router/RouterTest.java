package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router on real loopback sockets, in front of servers that say who they are, with the default
 * transport (io_uring where the kernel offers it) and event loops.
 */
@Timeout(60)
class RouterTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    Exception first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void proxiesWithTheTransportItsSettingsAskFor() {
    assertThat(router(RouterSettings.defaults(HOST, 0, 0)).transport()).isEqualTo(expectedTransport());
  }

  String expectedTransport() {
    return IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
  }

  @Test
  void writeEndpointGoesToThePrimaryAndReadEndpointToAReplica() throws Exception {
    TaggedServer primary = server("primary");
    TaggedServer replica = server("replica");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(primary.address()), List.of(replica.address())));

    TestClient writer = client(router.writeAddress());
    TestClient reader = client(router.readAddress());

    assertThat(writer.readTag()).isEqualTo("primary");
    assertThat(reader.readTag()).isEqualTo("replica");
    writer.send("ping".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(writer.readExactly(4), StandardCharsets.UTF_8)).isEqualTo("ping");
  }

  @Test
  void changingTheWriteTargetCutsConnectionsToTheOldPrimaryAndSendsNewOnesToTheNew() throws Exception {
    TaggedServer oldPrimary = server("old");
    TaggedServer newPrimary = server("new");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(oldPrimary.address()), List.of()));
    TestClient first = client(router.writeAddress());
    TestClient second = client(router.writeAddress());
    assertThat(first.readTag()).isEqualTo("old");
    assertThat(second.readTag()).isEqualTo("old");
    first.send(new byte[] {1});
    assertThat(first.readExactly(1)).containsExactly(1);
    long receivedBeforeDemotion = oldPrimary.bytesReceived();

    router.route(new Routing(Optional.of(newPrimary.address()), List.of()));
    sendIgnoringFailure(second, new byte[] {2});

    assertThat(first.closedWithin(Duration.ofSeconds(1))).isTrue();
    assertThat(second.closedWithin(Duration.ofSeconds(1))).isTrue();
    await().atMost(WAIT).until(() -> oldPrimary.openConnections() == 0);
    assertThat(oldPrimary.bytesReceived()).isEqualTo(receivedBeforeDemotion);
    assertThat(client(router.writeAddress()).readTag()).isEqualTo("new");
  }

  @Test
  void losingTheWriteTargetCutsWriteConnections() throws Exception {
    TaggedServer primary = server("primary");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(primary.address()), List.of()));
    TestClient writer = client(router.writeAddress());
    assertThat(writer.readTag()).isEqualTo("primary");

    router.route(Routing.NONE);

    assertThat(writer.closedWithin(Duration.ofSeconds(1))).isTrue();
    await().atMost(WAIT).until(() -> primary.openConnections() == 0);
  }

  @Test
  void aHandOverHoldsNewWriteClientsKeepsOpenOnesAndSendsTheHeldToTheNewPrimary() throws Exception {
    TaggedServer oldPrimary = server("old");
    TaggedServer newPrimary = server("new");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    Routing before = new Routing(Optional.of(oldPrimary.address()), List.of());
    router.route(before);
    TestClient open = client(router.writeAddress());
    assertThat(open.readTag()).isEqualTo("old");

    router.route(before.holdingWrites());
    TestClient held = client(router.writeAddress());
    await().atMost(WAIT).until(() -> router.stats().write().held() == 1);
    open.send(new byte[] {7});
    assertThat(open.readExactly(1)).as("the open connection still reaches the old primary").containsExactly(7);

    router.route(new Routing(Optional.of(newPrimary.address()), List.of()));

    assertThat(held.readTag()).isEqualTo("new");
    assertThat(open.closedWithin(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void readConnectionsOutliveAChangeOfTheReadSet() throws Exception {
    TaggedServer leaving = server("leaving");
    TaggedServer joining = server("joining");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.empty(), List.of(leaving.address())));
    TestClient reader = client(router.readAddress());
    assertThat(reader.readTag()).isEqualTo("leaving");

    router.route(new Routing(Optional.empty(), List.of(joining.address())));

    reader.send("still here".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(reader.readExactly(10), StandardCharsets.UTF_8)).isEqualTo("still here");
    assertThat(client(router.readAddress()).readTag()).isEqualTo("joining");
  }

  @Test
  void aHeldClientIsConnectedWhenAWriteTargetAppears() throws Exception {
    TaggedServer primary = server("primary");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    TestClient writer = client(router.writeAddress());
    await().atMost(WAIT).until(() -> router.stats().write().held() == 1);
    assertThat(writer.closedWithin(Duration.ofMillis(200))).as("held, neither answered nor closed").isFalse();

    router.route(new Routing(Optional.of(primary.address()), List.of()));

    assertThat(writer.readTag()).isEqualTo("primary");
    assertThat(router.stats().write().held()).isZero();
  }

  @Test
  void aHeldClientIsClosedWhenTheHoldTimeoutPassesWithoutATarget() throws Exception {
    Duration hold = Duration.ofMillis(300);
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withHoldTimeout(hold));
    TestClient reader = client(router.readAddress());
    long start = System.nanoTime();

    assertThat(reader.closedWithin(WAIT)).isTrue();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(hold.minusMillis(50));
    await().atMost(WAIT).untilAsserted(() -> assertThat(router.stats().read())
        .isEqualTo(new EndpointStats(1, 0, 0, 0, 0, 0, 0)));
  }

  @Test
  void readEndpointSendsEachNewClientToTheReplicaWithFewestConnections() throws Exception {
    TaggedServer r1 = server("r1");
    TaggedServer r2 = server("r2");
    TaggedServer r3 = server("r3");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.empty(), List.of(r1.address(), r2.address(), r3.address())));

    List<TestClient> clients = new ArrayList<>();
    List<String> landedOn = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TestClient c = client(router.readAddress());
      clients.add(c);
      landedOn.add(c.readTag());
    }

    assertThat(landedOn).containsExactly("r1", "r2", "r3", "r1", "r2", "r3");
    clients.get(1).close();
    await().atMost(WAIT).until(() -> active(router.stats()).get(r2.address()) == 1);
    assertThat(client(router.readAddress()).readTag()).isEqualTo("r2");
  }

  @Test
  void aLargePayloadPassesThroughByteForByteBothWays() throws Exception {
    TaggedServer primary = server("primary");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(primary.address()), List.of()));
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    TestClient writer = client(router.writeAddress());
    assertThat(writer.readTag()).isEqualTo("primary");
    ExecutorService sender = Executors.newSingleThreadExecutor();
    resources.add(() -> {
      sender.shutdownNow();
      sender.awaitTermination(5, TimeUnit.SECONDS);
    });

    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> sendIgnoringFailure(writer, payload), sender);
    byte[] echoed = writer.readExactly(payload.length);

    sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(echoed).isEqualTo(payload);
    EndpointStats stats = router.stats().write();
    assertThat(stats.bytesClientToServer()).isEqualTo(payload.length);
    assertThat(stats.bytesServerToClient()).isEqualTo(payload.length + "primary\n".length());
  }

  @Test
  void aTakenPortFailsStartWithOneLineNamingEndpointPortAndHost() throws Exception {
    ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST));
    resources.add(taken);
    int port = taken.getLocalPort();

    assertThatThrownBy(() -> router(RouterSettings.defaults(HOST, port, 0)))
        .isInstanceOf(EndpointBindException.class)
        .hasMessage("write endpoint port 127.0.0.1:" + port + " is already in use: stop what listens there or"
            + " choose another --write-port");
    assertThatThrownBy(() -> router(RouterSettings.defaults(HOST, 0, port)))
        .hasMessage("read endpoint port 127.0.0.1:" + port + " is already in use: stop what listens there or"
            + " choose another --read-port");
  }

  @Test
  void aBindAddressThatIsNotThisMachinesIsNamedWithWhatToGiveInstead() {
    assertThatThrownBy(() -> router(RouterSettings.defaults("no-such-host.invalid", 0, 0)))
        .isInstanceOf(EndpointBindException.class)
        .hasMessage("write endpoint cannot listen on port 0 of no-such-host.invalid: no such host; give --bind an"
            + " address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
    // TEST-NET-1 (RFC 5737): documentation only, never assigned to an interface.
    assertThatThrownBy(() -> router(RouterSettings.defaults("192.0.2.1", 0, 0)))
        .isInstanceOf(EndpointBindException.class)
        .hasMessage("write endpoint cannot listen on port 0 of 192.0.2.1: no interface of this machine has that"
            + " address; give --bind one that does, or 0.0.0.0");
  }

  @Test
  void aFailedConnectHoldsAWriteClientUntilANewPrimaryAndLetsAReadClientTryTheNextReplica() throws Exception {
    InstanceAddress nobody = addressWithoutListener();
    TaggedServer replica = server("replica");
    TaggedServer next = server("next");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(nobody), List.of(nobody, replica.address())));

    TestClient writer = client(router.writeAddress());
    assertThat(client(router.readAddress()).readTag()).isEqualTo("replica");
    await().atMost(WAIT).until(() -> router.stats().write().held() == 1);
    assertThat(writer.closedWithin(Duration.ofMillis(300))).as("held while its primary is down").isFalse();
    router.route(new Routing(Optional.of(next.address()), List.of(replica.address())));
    assertThat(writer.readTag()).isEqualTo("next");

    RouterStats stats = router.stats();
    assertThat(stats.write().failedConnects()).isPositive();
    // The reader tries the dead replica first only if the least-connections choice lands on it.
    assertThat(stats.read().failedConnects()).isBetween(0L, 1L);
    assertThat(stats.backends().get(nobody).failedConnects())
        .isEqualTo(stats.write().failedConnects() + stats.read().failedConnects());
  }

  /**
   * A switchover can come while a new client's connect to the old primary is still in flight (a
   * held client's retry, say): nothing has been relayed yet, so the client goes to the new
   * primary instead of being cut, and a read client to a replica that left the read set goes to
   * another replica instead of draining.
   */
  @Test
  void aConnectStillInFlightWhenRoutingDropsItsInstanceGoesWhereRoutingNowPoints() throws Exception {
    InstanceAddress stalled = addressWhoseConnectsStall();
    TaggedServer next = server("next");
    TaggedServer replica = server("replica");
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withConnectTimeout(Duration.ofSeconds(30)));
    router.route(new Routing(Optional.of(stalled), List.of(stalled)));
    TestClient writer = client(router.writeAddress());
    TestClient reader = client(router.readAddress());
    await().atMost(WAIT).until(() -> active(router.stats()).getOrDefault(stalled, 0L) == 2);

    router.route(new Routing(Optional.of(next.address()), List.of(replica.address())));

    assertThat(writer.readTag()).isEqualTo("next");
    assertThat(reader.readTag()).isEqualTo("replica");
    assertThat(active(router.stats())).isEqualTo(Map.of(next.address(), 1L, replica.address(), 1L));
    assertThat(router.stats().read().draining()).isZero();
  }

  @Test
  void aWriteClientWhosePrimaryStaysDownIsClosedAfterTheHoldTimeout() throws Exception {
    InstanceAddress nobody = addressWithoutListener();
    Router router = router(RouterSettings.defaults(HOST, 0, 0).withHoldTimeout(Duration.ofMillis(500)));
    router.route(new Routing(Optional.of(nobody), List.of()));

    assertThat(client(router.writeAddress()).closedWithin(WAIT)).isTrue();
  }

  @Test
  void statsCountConnectionsPerEndpointAndPerInstance() throws Exception {
    TaggedServer primary = server("primary");
    TaggedServer replica = server("replica");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(primary.address()), List.of(replica.address())));
    TestClient w1 = client(router.writeAddress());
    TestClient w2 = client(router.writeAddress());
    TestClient r1 = client(router.readAddress());
    for (TestClient c : List.of(w1, w2, r1)) {
      c.readTag();
    }

    RouterStats stats = router.stats();
    assertThat(stats.write()).isEqualTo(new EndpointStats(2, 2, 0, 0, 0, 0, 2 * "primary\n".length()));
    assertThat(stats.read()).isEqualTo(new EndpointStats(1, 1, 0, 0, 0, 0, "replica\n".length()));
    assertThat(active(stats)).isEqualTo(Map.of(primary.address(), 2L, replica.address(), 1L));
    assertThat(stats.backends().get(primary.address()))
        .isEqualTo(new BackendStats(2, 2, 0, 0, 2 * "primary\n".length(), "unchecked", null));

    w1.close();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(router.stats().write().active()).isEqualTo(1);
      assertThat(active(router.stats())).isEqualTo(Map.of(primary.address(), 1L, replica.address(), 1L));
    });
    assertThat(router.stats().write().accepted()).isEqualTo(2);
  }

  @Test
  void closingTheRouterClosesProxiedConnections() throws Exception {
    TaggedServer primary = server("primary");
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    router.route(new Routing(Optional.of(primary.address()), List.of()));
    TestClient writer = client(router.writeAddress());
    assertThat(writer.readTag()).isEqualTo("primary");

    router.close();

    assertThat(writer.closedWithin(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> primary.openConnections() == 0);
  }

  @Test
  void routingIsReportedAsSet() throws Exception {
    Router router = router(RouterSettings.defaults(HOST, 0, 0));
    assertThat(router.routing()).isEqualTo(Routing.NONE);
    Routing next = new Routing(Optional.of(InstanceAddress.parse("127.0.0.1:3310")), List.of());

    router.route(next);

    assertThat(router.routing()).isEqualTo(next);
  }

  /** Connections open or being opened per instance; instances without any are left out. */
  private static Map<InstanceAddress, Long> active(RouterStats stats) {
    return stats.backends().entrySet().stream().filter(e -> e.getValue().active() > 0)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().active()));
  }

  /** The settings every test's router runs with, the transport's among them; {@link EpollRouterTest} changes them. */
  RouterSettings variant(RouterSettings settings) {
    return settings;
  }

  private Router router(RouterSettings settings) {
    Router router = Router.start(variant(settings));
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

  /** A write to a connection the router may already have cut can fail; the test checks what arrived. */
  private static void sendIgnoringFailure(TestClient client, byte[] bytes) {
    try {
      client.send(bytes);
    } catch (IOException cut) {
      // the assertions look at the receiving side
    }
  }

  /**
   * A port whose connects neither succeed nor fail for seconds: a listener that never accepts,
   * its accept queue filled, so the kernel drops further SYNs and the connecting side waits to
   * retransmit.
   */
  private InstanceAddress addressWhoseConnectsStall() throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(HOST));
    resources.add(listener);
    InetSocketAddress address = new InetSocketAddress(HOST, listener.getLocalPort());
    for (int i = 0; i < 16; i++) {
      Socket filler = new Socket();
      resources.add(filler);
      try {
        filler.connect(address, 200);
      } catch (SocketTimeoutException stalledAlready) {
        return new InstanceAddress(HOST, listener.getLocalPort());
      }
    }
    throw new IllegalStateException("the accept queue of " + address + " did not fill within 16 connects");
  }

  /**
   * A port that refuses connections for the whole test: bound but not listening. A port merely
   * freed again could be handed out as a connect's own source port, and a connect to it then
   * reaches itself (TCP self-connect): the retries of a held write client made that happen.
   */
  private InstanceAddress addressWithoutListener() throws IOException {
    Socket bound = new Socket();
    resources.add(bound);
    bound.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
    return new InstanceAddress(HOST, bound.getLocalPort());
  }
}
