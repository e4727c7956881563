package dev.baton.router;

import dev.baton.core.cluster.PortInUse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One endpoint's listening socket and the client connections it accepted and has not yet lost. */
final class EndpointListener {
  /** Both transports report EADDRINUSE and EADDRNOTAVAIL with the OS's own words; nothing more specific is exposed. */
  private static final String ADDRESS_IN_USE = "Address already in use";
  private static final String ADDRESS_NOT_HERE = "Cannot assign requested address";

  private final Channel server;
  private final Set<FrontendHandler> connections;

  private EndpointListener(Channel server, Set<FrontendHandler> connections) {
    this.server = server;
    this.connections = connections;
  }

  /**
   * Each connection is registered before it first reads the routing, and {@link Router#route}
   * sets the routing before it walks the registrations: so a connection either sees the new
   * routing itself or is told about it, never neither.
   */
  static EndpointListener bind(EventLoopGroup group, Transport transport, String host, int port,
      EndpointContext context) {
    Set<FrontendHandler> connections = ConcurrentHashMap.newKeySet();
    ChannelFuture bound = transport.relaying(new ServerBootstrap())
        .group(group)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel client) {
            FrontendHandler handler = new FrontendHandler(client, context);
            connections.add(handler);
            client.closeFuture().addListener(closed -> connections.remove(handler));
            client.pipeline().addLast(handler);
          }
        })
        .bind(host, port)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw bindFailure(context.endpoint(), host, port, bound.cause());
    }
    return new EndpointListener(bound.channel(), connections);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Tells every open connection that routing changed; see {@link FrontendHandler#routingChanged}. */
  List<Future<?>> routingChanged() {
    return connections.stream().<Future<?>>map(FrontendHandler::routingChanged).toList();
  }

  Future<?> stopAccepting() {
    return server.close();
  }

  /** Closes every open connection on both sides; the futures complete when that is done. */
  List<Future<?>> cutConnections() {
    return connections.stream().<Future<?>>map(FrontendHandler::cut).toList();
  }

  private static EndpointBindException bindFailure(Endpoint endpoint, String host, int port, Throwable cause) {
    String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    String cannot = endpoint + " endpoint cannot listen on port " + port + " of " + host;
    if (reason.contains(ADDRESS_IN_USE)) {
      return new EndpointBindException(PortInUse.message(endpoint + " endpoint", host, port),
          ": stop what listens there or choose another --" + endpoint + "-port", true, cause);
    } else if (cause instanceof UnresolvedAddressException) {
      return new EndpointBindException(cannot + ": no such host",
          "; give --bind an address of this machine, e.g. 127.0.0.1 or 0.0.0.0", false, cause);
    } else if (reason.contains(ADDRESS_NOT_HERE)) {
      return new EndpointBindException(cannot + ": no interface of this machine has that address",
          "; give --bind one that does, or 0.0.0.0", false, cause);
    }
    return new EndpointBindException(cannot + ": " + reason, "", false, cause);
  }
}
