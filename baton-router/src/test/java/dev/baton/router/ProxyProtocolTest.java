package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With PROXY protocol on, a backend learns the client's address before the client's first byte,
 * and a health check says it relays no client; with it off (the default), the backend gets the
 * client's bytes alone. The real servers' side is ProxyProtocolIT's.
 */
@Timeout(30)
class ProxyProtocolTest {
  /** A v2 header for TCP over IPv4: 12-byte signature, 4 bytes of version, family and length, 12 of addresses. */
  private static final int V2_TCP4_LENGTH = 28;
  /** A v2 LOCAL header: signature, version and command, family (unspecified), length 0. */
  private static final int V2_LOCAL_LENGTH = 16;

  @Test
  void eachBackendConnectionStartsWithTheClientsAddress() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Router router = Router.start(RouterSettings.defaults("127.0.0.1", 0, 0))) {
      router.proxyProtocol(true);
      router.route(new Routing(Optional.of(new InstanceAddress("127.0.0.1", backend.getLocalPort())), List.of()));
      CompletableFuture<byte[]> received = firstBytes(backend, V2_TCP4_LENGTH + 5);

      try (Socket client = new Socket("127.0.0.1", router.writeAddress().getPort())) {
        client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = received.get(5, TimeUnit.SECONDS);

        EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
        HAProxyMessage header = decoder.readInbound();
        assertThat(header.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
        assertThat(header.command()).isEqualTo(HAProxyCommand.PROXY);
        assertThat(header.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
        assertThat(header.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(header.sourcePort()).isEqualTo(client.getLocalPort());
        assertThat(header.destinationPort()).isEqualTo(router.writeAddress().getPort());
        header.release();
        assertThat(new String(bytes, V2_TCP4_LENGTH, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
        decoder.finishAndReleaseAll();
      }
    }
  }

  @Test
  void withoutItTheBackendGetsTheClientsBytesAlone() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Router router = Router.start(RouterSettings.defaults("127.0.0.1", 0, 0))) {
      router.route(new Routing(Optional.of(new InstanceAddress("127.0.0.1", backend.getLocalPort())), List.of()));
      CompletableFuture<byte[]> received = firstBytes(backend, 5);

      try (Socket client = new Socket("127.0.0.1", router.writeAddress().getPort())) {
        client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).isEqualTo("hello");
      }
    }
  }

  @Test
  void aHealthCheckStartsWithALocalHeader() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Router router = Router.start(RouterSettings.defaults("127.0.0.1", 0, 0)
            .withHealthChecks(HealthCheckSettings.every(Duration.ofMillis(200), 2, 2, "monitor", "pw")))) {
      router.proxyProtocol(true);
      router.route(new Routing(Optional.of(new InstanceAddress("127.0.0.1", backend.getLocalPort())), List.of()));
      byte[] bytes = firstBytes(backend, V2_LOCAL_LENGTH).get(5, TimeUnit.SECONDS);

      EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
      decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
      HAProxyMessage header = decoder.readInbound();
      assertThat(header.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
      assertThat(header.command()).isEqualTo(HAProxyCommand.LOCAL);
      header.release();
      decoder.finishAndReleaseAll();
    }
  }

  /** The first {@code n} bytes of the first connection {@code backend} accepts. */
  private static CompletableFuture<byte[]> firstBytes(ServerSocket backend, int n) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = backend.accept(); InputStream in = s.getInputStream()) {
        s.setSoTimeout(5000);
        return in.readNBytes(n);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
