package dev.baton.router;

import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * The PROXY protocol v2 header a backend connection starts with when the cluster is so
 * configured: the server then sees (and grants, logs, limits by) the client's address instead
 * of the router's. Binary v2 rather than text v1, as MariaDB, Percona Server and ProxySQL read
 * both and v2 is cheaper to parse.
 */
final class ProxyHeader {
  private ProxyHeader() {
  }

  /** Writes the header for {@code client}'s connection as the first bytes on {@code backend}. */
  static void send(Channel backend, Channel client) {
    InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
    InetSocketAddress destination = (InetSocketAddress) client.localAddress();
    HAProxyProxiedProtocol family = source.getAddress() instanceof Inet4Address
        ? HAProxyProxiedProtocol.TCP4
        : HAProxyProxiedProtocol.TCP6;
    write(backend, new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, family,
        source.getAddress().getHostAddress(), destination.getAddress().getHostAddress(), source.getPort(),
        destination.getPort()));
  }

  /**
   * Writes a LOCAL header, which relays no client: the server takes the connection's own address,
   * as for a connection without a header. A health check sends it because a server may refuse a
   * connection without one from an address it takes headers from (Percona Server does).
   */
  static void sendLocal(Channel connection) {
    write(connection, new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
        HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0));
  }

  private static void write(Channel channel, HAProxyMessage header) {
    channel.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
    channel.writeAndFlush(header);
    channel.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
  }
}
