package dev.baton.router;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * io_uring where the kernel offers it (a ring of submissions and completions instead of a system
 * call per send and receive), else native epoll (fewer system calls and copies per byte proxied
 * than NIO), otherwise the JDK's NIO, so the router still runs anywhere Java does. A kernel may
 * refuse io_uring (io_uring_disabled, a container's seccomp profile): the router then uses epoll.
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> socketChannel) {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  /**
   * Buffers for every proxied read. Netty 4.2 defaults to its adaptive allocator; the pooled one,
   * with per-thread caches, cost about a tenth less CPU per transaction here (bench/router).
   */
  static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

  /**
   * Every proxied read asks the kernel for up to this much, HAProxy's buffer size. Netty's
   * adaptive default shrinks its guess after the many small replies of a MySQL session and then
   * took a 13 KB result set in seven reads of 208 B to 10 KB, each relayed in its own wake-up: an
   * oltp_read_only transaction cost 34 reads, sends and waits instead of HAProxy's 32, which this
   * size brings back (strace -c over 300 transactions). Up to this size the pooled buffers come
   * from the event loop's own cache. A chunk queued for a slow peer keeps its whole buffer.
   */
  static final int READ_BUFFER_BYTES = 16 * 1024;
  static final RecvByteBufAllocator RECEIVE = new FixedRecvByteBufAllocator(READ_BUFFER_BYTES);

  /** Netty's own switch: when set, its level stands (the router's tests set it to paranoid). */
  static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

  /** io_uring if wanted and the kernel allows it, else epoll, else NIO. */
  static Transport detect(boolean ioUring) {
    leakDetectionOffUnlessAsked();
    if (ioUring && IoUring.isAvailable()) {
      return new Transport("io_uring", pinned(IoUringIoHandler.newFactory()), IoUringServerSocketChannel.class,
          IoUringSocketChannel.class);
    }
    if (ioUring) {
      log.info("io_uring is not available here ({}); proxying with epoll or NIO",
          IoUring.unavailabilityCause().getMessage());
    }
    return Epoll.isAvailable()
        ? new Transport("epoll", pinned(EpollIoHandler.newFactory()), EpollServerSocketChannel.class,
            EpollSocketChannel.class)
        : new Transport("nio", pinned(NioIoHandler.newFactory()), NioServerSocketChannel.class,
            NioSocketChannel.class);
  }

  /**
   * Netty by default tracks one buffer in 128 with a stack trace taken at its allocation, and
   * touches every message on its way through a pipeline: 3.7% of the router's CPU
   * (async-profiler), for a data path that hands each buffer it reads to exactly one write, which
   * releases it. The level is global, so this holds for every Netty user in the JVM.
   */
  private static void leakDetectionOffUnlessAsked() {
    if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  /**
   * The same handlers, declared unable to change threads. The router's loops never do, but a
   * factory that could makes every Netty loop time each wake-up for an auto-scaler the router does
   * not use: two clock reads and a report per wake-up, 3% of the router's CPU (async-profiler).
   */
  private static IoHandlerFactory pinned(IoHandlerFactory factory) {
    return factory::newHandler;
  }
}
