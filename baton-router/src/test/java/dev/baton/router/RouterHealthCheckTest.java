package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router's own health checks, against stand-in MySQL servers on loopback. */
@Timeout(60)
class RouterHealthCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HealthCheckSettings CHECKS =
      new HealthCheckSettings(Duration.ofMillis(100), Duration.ofMillis(100), 2, 2, "monitor", "monitor-pw");

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void checksLogInAndQuitSoTheServerCountsNoAbortedSession() throws Exception {
    FakeMysqlServer a = server("a", "monitor-pw");
    FakeMysqlServer b = server("b", "monitor-pw");
    // A check that times out is dropped on purpose; on a loaded machine 100 ms is not enough to tell.
    Router router = router(new HealthCheckSettings(Duration.ofMillis(500), Duration.ofMillis(500), 2, 2, "monitor",
        "monitor-pw"));

    router.route(new Routing(Optional.of(a.address()), List.of(b.address())));

    await().atMost(WAIT).until(() -> a.quits() >= 3 && b.quits() >= 3);
    assertThat(a.dropped() + b.dropped()).isZero();
    assertThat(a.deniedLogins() + b.deniedLogins()).isZero();
    assertThat(health(router, a)).isEqualTo("up");
    assertThat(health(router, b)).isEqualTo("up");
  }

  @Test
  void aReplicaFailingItsChecksGetsNoNewConnectionsUntilItPassesAgain() throws Exception {
    FakeMysqlServer a = server("a", "monitor-pw");
    FakeMysqlServer b = server("b", "monitor-pw");
    Router router = router(CHECKS);
    router.route(new Routing(Optional.empty(), List.of(a.address(), b.address())));

    a.refuse(true);
    await().atMost(WAIT).until(() -> health(router, a).equals("down"));

    assertThat(router.stats().backends().get(a.address()).lastCheckFailure()).contains("1040 Too many connections");
    Set<String> landed = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      landed.add(landOn(router.readAddress()));
    }
    assertThat(landed).containsExactly("b");

    a.refuse(false);
    await().atMost(WAIT).until(() -> health(router, a).equals("up"));
    await().atMost(WAIT).until(() -> landOn(router.readAddress()).equals("a"));
  }

  @Test
  void aWriteClientIsHeldWhileThePrimaryFailsItsChecksAndConnectedWhenItPasses() throws Exception {
    FakeMysqlServer primary = server("primary", "monitor-pw");
    Router router = router(CHECKS);
    router.route(new Routing(Optional.of(primary.address()), List.of()));
    primary.refuse(true);
    await().atMost(WAIT).until(() -> health(router, primary).equals("down"));

    Socket held = connect(router.writeAddress());
    await().atMost(WAIT).until(() -> router.stats().write().held() == 1);
    primary.refuse(false);

    assertThat(FakeMysqlServer.nameIn(FakeMysqlServer.readPacket(held.getInputStream()))).isEqualTo("primary");
    assertThat(router.stats().write().held()).isZero();
  }

  @Test
  void aWrongPasswordTakesTheBackendDownAndSaysWhy() throws Exception {
    FakeMysqlServer a = server("a", "another-pw");
    Router router = router(CHECKS);

    router.route(new Routing(Optional.empty(), List.of(a.address())));

    await().atMost(WAIT).until(() -> health(router, a).equals("down"));
    assertThat(router.stats().backends().get(a.address()).lastCheckFailure())
        .isEqualTo("1045 (28000) Access denied for user 'monitor'");
  }

  @Test
  void aBackendThatLeavesTheRoutingIsNoLongerChecked() throws Exception {
    FakeMysqlServer a = server("a", "monitor-pw");
    FakeMysqlServer b = server("b", "monitor-pw");
    Router router = router(CHECKS);
    router.route(new Routing(Optional.empty(), List.of(a.address())));
    await().atMost(WAIT).until(() -> a.quits() >= 1);

    router.route(new Routing(Optional.empty(), List.of(b.address())));
    await().atMost(WAIT).until(() -> b.quits() >= 1);
    int checksOfA = a.logins();

    Thread.sleep(500);
    assertThat(a.logins()).isLessThanOrEqualTo(checksOfA + 1);
    assertThat(health(router, a)).isEqualTo("absent");
  }

  private String landOn(InetSocketAddress endpoint) throws IOException {
    try (Socket s = connect(endpoint)) {
      return FakeMysqlServer.nameIn(FakeMysqlServer.readPacket(s.getInputStream()));
    }
  }

  private Socket connect(InetSocketAddress endpoint) throws IOException {
    Socket s = new Socket();
    s.connect(endpoint, (int) WAIT.toMillis());
    s.setSoTimeout((int) WAIT.toMillis());
    resources.add(s);
    return s;
  }

  private Router router(HealthCheckSettings checks) {
    Router router = Router.start(RouterSettings.defaults(HOST, 0, 0).withHealthChecks(checks));
    resources.add(router);
    return router;
  }

  private FakeMysqlServer server(String name, String monitorPassword) throws IOException {
    FakeMysqlServer s = FakeMysqlServer.start(name, "monitor", monitorPassword);
    resources.add(s);
    return s;
  }

  /** The backend's health by the router's stats; "absent" while it is neither checked nor used. */
  private static String health(Router router, FakeMysqlServer server) {
    BackendStats b = router.stats().backends().get(server.address());
    return b == null ? "absent" : b.health();
  }
}
