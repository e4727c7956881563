package dev.baton.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Relays what a database instance sends back to its client. The next chunk is read only once
 * the client has taken the previous one, so a slow client slows the instance instead of
 * filling the router's memory.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final Channel client;
  private final EndpointCounters counters;
  private final BackendTraffic.Counters traffic;

  BackendHandler(Channel client, EndpointCounters counters, BackendTraffic.Counters traffic) {
    this.client = client;
    this.counters = counters;
    this.traffic = traffic;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int bytes = ((ByteBuf) msg).readableBytes();
    counters.serverToClient(bytes);
    traffic.toClient(bytes);
    client.writeAndFlush(msg).addListener(written -> {
      if (written.isSuccess()) {
        ctx.read();
      } else {
        ctx.close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FrontendHandler.closeOnFlush(client);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
