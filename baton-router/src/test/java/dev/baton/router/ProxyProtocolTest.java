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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With PROXY protocol on, a backend learns the client's address before the client's first byte. */
@Timeout(30)
class ProxyProtocolTest {
  /** A v2 header for TCP over IPv4: 12-byte signature, 4 bytes of version, family and length, 12 of addresses. */
  private static final int V2_TCP4_LENGTH = 28;

  @Test
  void eachBackendConnectionStartsWithTheClientsAddress() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Router router = Router.start(RouterSettings.defaults("127.0.0.1", 0, 0).withProxyProtocol(true))) {
      router.route(new Routing(Optional.of(new InstanceAddress("127.0.0.1", backend.getLocalPort())), List.of()));
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
        try (Socket s = backend.accept(); InputStream in = s.getInputStream()) {
          s.setSoTimeout(5000);
          return in.readNBytes(V2_TCP4_LENGTH + 5);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

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
}
