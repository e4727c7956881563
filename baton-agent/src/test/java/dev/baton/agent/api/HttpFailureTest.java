package dev.baton.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reasons given for failed requests, from what the JDK's client really throws. */
class HttpFailureTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aPortNobodyListensOnIsACannotConnect() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(HttpFailure.reason(failureOf("http://127.0.0.1:" + closed + "/api/routing")))
        .isEqualTo("cannot connect: refused or unreachable");
  }

  /** RFC 6761: names under .invalid never resolve. */
  @Test
  void aHostNameThatDoesNotResolveIsNamedSo() {
    assertThat(HttpFailure.reason(failureOf("http://agent.invalid:3000/api/routing")))
        .isEqualTo("host name not found");
  }

  /** A listener that takes the connection and never answers: the client's own message stands. */
  @Test
  void anAgentThatDoesNotAnswerInTimeSaysSo() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Throwable t = failureOf("http://127.0.0.1:" + silent.getLocalPort() + "/api/routing");
      assertThat(t).isInstanceOf(HttpTimeoutException.class);
      assertThat(HttpFailure.reason(t)).isEqualTo("request timed out");
    }
  }

  private static Throwable failureOf(String url) {
    Throwable t = catchThrowable(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(300))
        .build(), HttpResponse.BodyHandlers.discarding()));
    assertThat(t).as("a request to %s", url).isNotNull();
    return t;
  }
}
