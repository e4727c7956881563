package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: holds it while its endpoint has no target, connects it to the chosen
 * instance, relays what the client sends, and drains or cuts it when routing no longer allows
 * its instance.
 *
 * <p>Fields other than the finals are touched only on the client's event loop, which the backend
 * channel shares; that is why the data path needs no locks.
 *
 * <p>The client is not read while held (its bytes wait in the kernel). Once connected, both
 * sides read as data comes and flush once per wake-up, and backpressure works by writability: a
 * side whose peer has more than the high water mark queued stops reading until the peer drains,
 * and flushes that queue at once.
 * Reading only after each write completed costs an extra trip through the event loop per chunk,
 * which showed in the CPU per transaction of large results (bench/router).
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  private final Channel client;
  private final EndpointContext context;
  /** This connection's event loop's number: its slot in the byte counters. */
  private final int loop;
  /** How long a client whose connects failed waits before the next try, unless routing changes first. */
  static final long RETRY_AFTER_FAILED_CONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Fires the end of the hold; set only while the client is held. */
  private ScheduledFuture<?> holdTimer;
  /** When the client was first held: its holds together last at most the hold timeout. */
  private long heldSinceNanos;
  private boolean everHeld;
  /** Fires the cut of a read connection whose replica left the read set; set only while it drains. */
  private ScheduledFuture<?> drainTimer;
  /** The instance connected or being connected to; counted in {@link BackendLoad} while set. */
  private InstanceAddress target;
  private Channel backend;
  /** True from the connect to {@link #backend} until its outcome: nothing has been relayed yet. */
  private boolean connecting;
  /** The target's counters; set with {@link #target}. */
  private BackendTraffic.Counters traffic;

  FrontendHandler(Channel client, EndpointContext context) {
    this.client = client;
    this.context = context;
    this.loop = LoopCounter.indexOf(context.loops(), client.eventLoop());
  }

  /**
   * Re-decides on the client's event loop with the routing in force by then. The returned
   * future completes once a connection the new routing rejects is closed on both sides.
   */
  Future<?> routingChanged() {
    return client.eventLoop().submit(this::reconsider);
  }

  /**
   * Closes both sides at once, without flushing: the router is stopping. The future completes
   * once both are closed, which on io_uring waits for the cancelled receives to complete: a loop
   * shut down before that finishes the close itself and warns that it could not run its last task.
   */
  Future<?> cut() {
    Promise<Void> closed = client.eventLoop().newPromise();
    client.eventLoop().execute(() -> {
      closeBothSides();
      PromiseCombiner both = new PromiseCombiner(client.eventLoop());
      both.add(client.closeFuture());
      if (backend != null) {
        both.add(backend.closeFuture());
      }
      both.finish(closed);
    });
    return closed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    context.counters().opened();
    route();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int bytes = ((ByteBuf) msg).readableBytes();
    context.counters().clientToServer(loop, bytes);
    traffic.toServer(loop, bytes);
    backend.write(msg, backend.voidPromise());
    if (!backend.isWritable()) {
      client.config().setAutoRead(false);
      // As in BackendHandler: no read-complete may follow, so flush what the backend must drain.
      backend.flush();
    }
  }

  /** One flush for everything read in this wake-up: one system call instead of one per chunk. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
  }

  /** The client took what was queued for it: the instance may send more. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable() && backend != null) {
      backend.config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    context.counters().closed();
    stopHolding();
    stopDraining();
    if (target != null) {
      context.load().release(target);
      target = null;
    }
    if (backend != null) {
      closeOnFlush(backend);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{} endpoint client {} failed: {}", context.endpoint(), client.remoteAddress(), cause.toString());
    ctx.close();
  }

  /**
   * Closes once what was already written has gone out, so the last reply reaches its peer; a
   * channel still connecting is closed at once, so the connect cannot leave an orphan behind.
   */
  static void closeOnFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  private void reconsider() {
    if (!client.isActive()) {
      return;
    }
    if (holdTimer != null) {
      route();
    } else if (target != null) {
      Endpoint.Verdict verdict = context.endpoint().judge(target, context.routing().get(), context.settings());
      if (verdict == Endpoint.Verdict.KEEP) {
        stopDraining();
      } else if (connecting) {
        abandonConnect();
      } else if (verdict == Endpoint.Verdict.DRAIN) {
        drain();
      } else {
        closeBothSides();
      }
    }
  }

  /**
   * A connect still in flight to an instance the routing no longer allows (a failed write
   * connect's retry to a primary that died, say) has relayed nothing either way: the client goes
   * where the routing now points instead of being cut.
   */
  private void abandonConnect() {
    Channel abandoned = backend;
    context.load().release(target);
    target = null;
    backend = null;
    connecting = false;
    abandoned.close();
    route();
  }

  /** Cuts the connection after the drain time unless its instance is routed again before. */
  private void drain() {
    if (drainTimer == null) {
      context.counters().drainStarted();
      drainTimer = client.eventLoop().schedule(() -> {
        log.info("{} endpoint client {} drained from {} for {}; closing it", context.endpoint(),
            client.remoteAddress(), target, context.settings().readDrain());
        closeBothSides();
      }, context.settings().readDrain().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void stopDraining() {
    if (drainTimer != null) {
      drainTimer.cancel(false);
      drainTimer = null;
      context.counters().drainEnded();
    }
  }

  /** The client first: a connect still in flight then fails without being taken for a backend failure. */
  private void closeBothSides() {
    client.close();
    if (backend != null) {
      backend.close();
    }
  }

  private void route() {
    List<InstanceAddress> candidates = context.endpoint().candidates(context.routing().get()).stream()
        .filter(context.healthy())
        .toList();
    if (candidates.isEmpty()) {
      hold();
    } else {
      stopHolding();
      connect(candidates, context.endpoint().connectAttempts());
    }
  }

  /** Not reading a held client keeps its bytes in the kernel until there is somewhere to send them. */
  private void hold() {
    if (holdTimer == null) {
      long now = System.nanoTime();
      if (!everHeld) {
        everHeld = true;
        heldSinceNanos = now;
      }
      long nanos = heldSinceNanos + context.settings().holdTimeout().toNanos() - now;
      if (nanos <= 0) {
        client.close();
        return;
      }
      context.counters().holdStarted();
      holdTimer = client.eventLoop().schedule(() -> {
        log.debug("{} endpoint had no target for client {} within {}; closing it", context.endpoint(),
            client.remoteAddress(), context.settings().holdTimeout());
        client.close();
      }, nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void stopHolding() {
    if (holdTimer != null) {
      holdTimer.cancel(false);
      holdTimer = null;
      context.counters().holdEnded();
    }
  }

  private void connect(List<InstanceAddress> candidates, int attemptsLeft) {
    InstanceAddress chosen = BackendChooser.leastConnections(candidates, context.load().view(),
        context.turns().getAndIncrement()).orElseThrow();
    target = chosen;
    traffic = context.traffic().of(chosen);
    traffic.connected();
    context.load().acquire(chosen);
    ChannelFuture connected = context.transport().relaying(new Bootstrap())
        .group(client.eventLoop())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.settings().connectTimeout().toMillis())
        .handler(new BackendHandler(client, loop, context.counters(), traffic))
        .connect(chosen.host(), chosen.port());
    backend = connected.channel();
    connecting = true;
    connected.addListener(done -> {
      if (!client.isActive() || connected.channel() != backend) {
        return;
      }
      connecting = false;
      if (done.isSuccess()) {
        if (context.proxyProtocol().getAsBoolean()) {
          ProxyHeader.send(connected.channel(), client);
        }
        client.config().setAutoRead(true);
      } else {
        connectFailed(chosen, done.cause(), candidates, attemptsLeft);
      }
    });
  }

  private void connectFailed(InstanceAddress chosen, Throwable cause, List<InstanceAddress> candidates,
      int attemptsLeft) {
    context.counters().connectFailed();
    traffic.connectFailed();
    log.warn("{} endpoint could not connect to {}: {}", context.endpoint(), chosen, cause.getMessage());
    context.load().release(chosen);
    target = null;
    backend = null;
    List<InstanceAddress> others = candidates.stream().filter(c -> !c.equals(chosen)).toList();
    if (attemptsLeft > 1 && !others.isEmpty()) {
      connect(others, attemptsLeft - 1);
    } else {
      // A primary that just died is still routed until the managers notice: the client waits for
      // the new one (or the instance's return) within the hold timeout instead of failing at once.
      hold();
      client.eventLoop().schedule(() -> {
        if (holdTimer != null && client.isActive()) {
          route();
        }
      }, RETRY_AFTER_FAILED_CONNECT_NANOS, TimeUnit.NANOSECONDS);
    }
  }
}
