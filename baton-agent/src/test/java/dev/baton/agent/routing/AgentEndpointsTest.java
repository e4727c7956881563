package dev.baton.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which of several agents serves the endpoints. No agent answers at the URL they follow, so the
 * routing stays empty and clients are held: that is enough here, where only who listens counts
 * (the cluster tests route real clients through agents' endpoints).
 */
class AgentEndpointsTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  /** A few of the standby's retries: long enough for it to have tried the taken port again. */
  private static final Duration SEVERAL_RETRIES = AgentEndpoints.MAX_RETRY.multipliedBy(3);

  private final List<URI> agents = List.of(URI.create("http://127.0.0.1:" + freePort()));
  private final RouterSettings settings = RouterSettings.defaults("127.0.0.1", freePort(), freePort());

  @Test
  void theFirstToBindServesTheOtherStandsByAndTakesOverWhenItStops() throws Exception {
    Stats firstStats = new Stats();
    Stats secondStats = new Stats();
    try (AgentEndpoints first = new AgentEndpoints(settings, agents, "first", firstStats);
        AgentEndpoints second = new AgentEndpoints(settings, agents, "second", secondStats)) {
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
    AgentEndpoints endpoints = new AgentEndpoints(settings, agents, "only", stats);
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
      AgentEndpoints endpoints = new AgentEndpoints(settings, agents, "only", stats);
      endpoints.start();
      endpoints.close();
    }
    Thread.sleep(SEVERAL_RETRIES.toMillis());
    assertThat(stats.serving).isEmpty();
    try (ServerSocket again = new ServerSocket(settings.writePort(), 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.isBound()).as("nobody took the port after the close").isTrue();
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

  private static final class Stats implements AgentEndpoints.StatsListener {
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
