package dev.baton.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * io_uring where the kernel offers it (a ring of submissions and completions instead of a system
 * call per send and receive), else native epoll (fewer system calls and copies per byte proxied
 * than NIO), otherwise the JDK's NIO, so the router still runs anywhere Java does. A kernel may
 * refuse io_uring (io_uring_disabled, a container's seccomp profile): the router then uses epoll.
 *
 * @param relayIoHandlers the event loops of relayed connections: on io_uring with the buffer ring
 * @param ioHandlers the event loops of anything else (the health checks), which reads too little for a ring
 * @param relayOptions the options of both sides of a relayed connection
 */
record Transport(String name, IoHandlerFactory relayIoHandlers, IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel, Class<? extends Channel> socketChannel,
    List<Setting<?>> relayOptions) {
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

  /**
   * The buffer ring's group, one ring per event loop. With a ring, each relayed socket keeps one
   * multishot receive armed and the kernel picks a buffer from the ring when data comes, instead
   * of the router submitting a new receive with a buffer of its own after every read. In an A/B
   * against single-shot receives (routers side by side, 12-16 rotating 5 s slices): 5-11% less
   * of the router's CPU per transaction and 5-6% more transactions per second for point selects
   * at 1 and 8 threads and oltp_read_only at 1 and 64; level at 64 threads of point selects.
   */
  static final short BUFFER_GROUP = 1;
  /** At most this many buffers of {@link #READ_BUFFER_BYTES} in a loop's ring; a power of two. */
  static final short BUFFER_RING_ENTRIES = 256;
  /**
   * The ring starts with this many buffers and grows by as many, up to its size, when it runs
   * out, so a quiet loop holds 512 KiB. Starting with 128 measured no different at 64 threads.
   */
  static final int BUFFER_RING_BATCH = 32;

  /** io_uring if wanted and the kernel allows it, else epoll, else NIO. */
  static Transport detect(boolean ioUring) {
    leakDetectionOffUnlessAsked();
    if (ioUring && IoUring.isAvailable()) {
      IoHandlerFactory plain = pinned(IoUringIoHandler.newFactory());
      // Registering buffer rings needs Linux 5.19; on older kernels each read brings its own buffer.
      boolean ring = IoUring.isRegisterBufferRingSupported();
      IoHandlerFactory relay = ring ? pinned(IoUringIoHandler.newFactory(new IoUringIoHandlerConfig()
          .setBufferRingConfig(IoUringBufferRingConfig.builder()
              .bufferGroupId(BUFFER_GROUP)
              .bufferRingSize(BUFFER_RING_ENTRIES)
              .batchSize(BUFFER_RING_BATCH)
              .allocator(new IoUringFixedBufferRingAllocator(ALLOCATOR, READ_BUFFER_BYTES))
              .build()))) : plain;
      return new Transport("io_uring", relay, plain, IoUringServerSocketChannel.class, IoUringSocketChannel.class,
          relayOptions(ring));
    }
    if (ioUring) {
      log.info("io_uring is not available here ({}); proxying with epoll or NIO",
          IoUring.unavailabilityCause().getMessage());
    }
    if (Epoll.isAvailable()) {
      IoHandlerFactory epoll = pinned(EpollIoHandler.newFactory());
      return new Transport("epoll", epoll, epoll, EpollServerSocketChannel.class, EpollSocketChannel.class,
          relayOptions(false));
    }
    IoHandlerFactory nio = pinned(NioIoHandler.newFactory());
    return new Transport("nio", nio, nio, NioServerSocketChannel.class, NioSocketChannel.class, relayOptions(false));
  }

  /** The client connections an endpoint accepts relay with {@link #relayOptions}. */
  ServerBootstrap relaying(ServerBootstrap bootstrap) {
    relayOptions().forEach(o -> o.child(bootstrap));
    return bootstrap.channel(serverChannel);
  }

  /** A connection to a backend relays with {@link #relayOptions}. */
  Bootstrap relaying(Bootstrap bootstrap) {
    relayOptions().forEach(o -> o.own(bootstrap));
    return bootstrap.channel(socketChannel);
  }

  /**
   * What both sides of a relayed connection share: no Nagle delay on the small packets of a
   * MySQL session, the pooled buffers, fixed-size reads and, on io_uring, the ring.
   */
  private static List<Setting<?>> relayOptions(boolean bufferRing) {
    List<Setting<?>> options = new ArrayList<>(List.of(
        new Setting<>(ChannelOption.TCP_NODELAY, true),
        new Setting<>(ChannelOption.ALLOCATOR, ALLOCATOR),
        new Setting<>(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE)));
    if (bufferRing) {
      options.add(new Setting<>(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP));
    }
    return List.copyOf(options);
  }

  /** One channel option and its value, set on an accepted or an opened channel alike. */
  record Setting<T>(ChannelOption<T> option, T value) {
    void child(ServerBootstrap bootstrap) {
      bootstrap.childOption(option, value);
    }

    void own(Bootstrap bootstrap) {
      bootstrap.option(option, value);
    }
  }

  /** Netty's own switch: when set, its level stands (the router's tests set it to paranoid). */
  static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

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
