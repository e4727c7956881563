package dev.baton.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.router.EndpointBindException;
import dev.baton.router.RouterSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which of several routers on the same ports serves the endpoints. No agent answers at the URL they follow, so the
 * routing stays empty and clients are held: that is enough here, where only who listens counts
 * (the cluster tests route real clients through agents' endpoints).
 */
class StandingRouterTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  /** A few of the standby's retries: long enough for it to have tried the taken port again. */
  private static final Duration SEVERAL_RETRIES = StandingRouter.MAX_RETRY.multipliedBy(3);

  private final List<URI> agents = List.of(URI.create("http://127.0.0.1:" + freePort()));
  private final RouterSettings settings = RouterSettings.defaults("127.0.0.1", freePort(), freePort());

  @Test
  void theFirstToBindServesTheOtherStandsByAndTakesOverWhenItStops() throws Exception {
    Stats firstStats = new Stats();
    Stats secondStats = new Stats();
    try (StandingRouter first = new StandingRouter(settings, agents, OptionalInt.of(0), "first", firstStats);
        StandingRouter second = new StandingRouter(settings, agents, OptionalInt.of(0), "second", secondStats)) {
      first.start();
      await().atMost(BOUND).until(first::serving);
      second.start();
      Thread.sleep(SEVERAL_RETRIES.toMillis());
      assertThat(second.serving()).as("the second stands by while the first serves").isFalse();
      assertThat(firstStats.serving).hasSize(1);
      assertThat(secondStats.serving).isEmpty();

      first.close();

      assertThat(firstStats.stopped).isEqualTo(firstStats.serving);
      await().atMost(BOUND).until(second::serving);
      assertThat(secondStats.serving).hasSize(1);
      assertThat(get(secondStats.serving.get(0))).contains("\"servedBy\":\"second\"");
      assertListens(settings.writePort());
      assertListens(settings.readPort());
    }
    assertThat(secondStats.stopped).isEqualTo(secondStats.serving);
  }

  @Test
  void aPortHeldByAnotherProgramIsWaitedForNotFatal() throws Exception {
    Stats stats = new Stats();
    StandingRouter endpoints = new StandingRouter(settings, agents, OptionalInt.of(0), "only", stats);
    try (endpoints) {
      try (ServerSocket other = new ServerSocket(settings.writePort(), 1, InetAddress.getLoopbackAddress())) {
        endpoints.start();
        Thread.sleep(SEVERAL_RETRIES.toMillis());
        assertThat(endpoints.serving()).isFalse();
      }
      await().atMost(BOUND).until(endpoints::serving);
      assertListens(settings.writePort());
    }
    assertThat(endpoints.serving()).isFalse();
  }

  @Test
  void closedBeforeItEverServedItLeavesNothingListening() throws Exception {
    Stats stats = new Stats();
    try (ServerSocket other = new ServerSocket(settings.writePort(), 1, InetAddress.getLoopbackAddress())) {
      StandingRouter endpoints = new StandingRouter(settings, agents, OptionalInt.of(0), "only", stats);
      endpoints.start();
      endpoints.close();
    }
    Thread.sleep(SEVERAL_RETRIES.toMillis());
    assertThat(stats.serving).isEmpty();
    try (ServerSocket again = new ServerSocket(settings.writePort(), 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.isBound()).as("nobody took the port after the close").isTrue();
    }
  }

  @Test
  void anAddressThatIsNotThisMachinesIsRefusedAtOnceNotWaitedFor() {
    RouterSettings elsewhere = RouterSettings.defaults("192.0.2.1", 0, 0);
    try (StandingRouter router = new StandingRouter(elsewhere, agents, OptionalInt.empty(), "only", new Stats())) {
      assertThatThrownBy(router::start).isInstanceOf(EndpointBindException.class).hasMessageContaining("192.0.2.1");
      assertThat(router.serving()).isFalse();
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void assertListens(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(s.isConnected()).isTrue();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Stats implements StandingRouter.StatsListener {
    final List<String> serving = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();

    @Override
    public void serving(String statsUrl) {
      serving.add(statsUrl);
    }

    @Override
    public void stopped(String statsUrl) {
      stopped.add(statsUrl);
    }
  }
}
