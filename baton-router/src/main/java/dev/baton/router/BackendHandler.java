package dev.baton.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Relays what a database instance sends back to its client. Reading stops while the client has
 * more than the high water mark queued, so a slow client slows the instance instead of filling
 * the router's memory; see {@link FrontendHandler} for the other direction.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final Channel client;
  private final int loop;
  private final EndpointCounters counters;
  private final BackendTraffic.Counters traffic;

  BackendHandler(Channel client, int loop, EndpointCounters counters, BackendTraffic.Counters traffic) {
    this.client = client;
    this.loop = loop;
    this.counters = counters;
    this.traffic = traffic;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int bytes = ((ByteBuf) msg).readableBytes();
    counters.serverToClient(loop, bytes);
    traffic.toClient(loop, bytes);
    client.write(msg, client.voidPromise());
    if (!client.isWritable()) {
      ctx.channel().config().setAutoRead(false);
      // Stopping a multishot receive may end the read without a read-complete, which would leave
      // this unflushed and the client never drained: the relay would stall (BackpressureTest).
      client.flush();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    client.flush();
  }

  /** The instance took what was queued for it: the client may send more. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      client.config().setAutoRead(true);
    }
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
