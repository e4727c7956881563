package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton's two database endpoints as a byte-for-byte TCP proxy: the write endpoint sends clients
 * to the primary only, the read endpoint to the least loaded replica. Being L4, it needs no MySQL
 * protocol knowledge, and TLS between client and server passes through untouched.
 *
 * <p>Clients that arrive while an endpoint has no target are held, not refused, so a failover
 * shorter than the hold timeout looks to them like a slow connect. With health checks on, a
 * backend that fails them gets no new connections until it passes them again.
 */
public final class Router implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  /** Bounds how long {@link #route} waits for cut connections, and {@link #close} for shutdown. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final EventLoopGroup group;
  private final EventLoopGroup checkGroup;
  private final AtomicReference<Routing> routing;
  private final AtomicBoolean proxyProtocol;
  private final BackendLoad load;
  private final BackendTraffic traffic;
  private final HealthChecks health;
  private final EndpointCounters writeCounters;
  private final EndpointCounters readCounters;
  private final EndpointListener write;
  private final EndpointListener read;
  private final String transport;
  private final int eventLoops;

  private Router(String transport, int eventLoops, EventLoopGroup group, EventLoopGroup checkGroup,
      AtomicReference<Routing> routing, AtomicBoolean proxyProtocol, BackendLoad load, BackendTraffic traffic,
      HealthChecks health, EndpointCounters writeCounters, EndpointCounters readCounters, EndpointListener write,
      EndpointListener read) {
    this.group = group;
    this.checkGroup = checkGroup;
    this.routing = routing;
    this.proxyProtocol = proxyProtocol;
    this.load = load;
    this.traffic = traffic;
    this.health = health;
    this.writeCounters = writeCounters;
    this.readCounters = readCounters;
    this.write = write;
    this.read = read;
    this.transport = transport;
    this.eventLoops = eventLoops;
  }

  /**
   * Runs the code that a router with these settings would run for its first client, on scratch
   * loopback ports, so that a router started later in this JVM serves its first clients at full
   * speed: for one that stands by to take the endpoints over. Logs like any router; never fails.
   */
  public static void prepare(RouterSettings settings) {
    WarmUp.run(settings);
  }

  /**
   * Binds both endpoints with {@link Routing#NONE} in force, so clients are held until the first
   * {@link #route}.
   *
   * @throws EndpointBindException if either port cannot be listened on; nothing is left running
   */
  public static Router start(RouterSettings settings) {
    Transport transport = Transport.detect(settings.ioUring());
    int loops = settings.eventLoops();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops,
        new DefaultThreadFactory("baton-router"), transport.relayIoHandlers());
    // The checks' timer on a loop of their own: a loop with a timer due reads the clock two or
    // three times per wake-up to re-arm it, 1.7% of the router's CPU when it was a data loop.
    EventLoopGroup checkGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("baton-router-checks"),
        transport.ioHandlers());
    AtomicReference<Routing> routing = new AtomicReference<>(Routing.NONE);
    AtomicBoolean proxyProtocol = new AtomicBoolean();
    BackendLoad load = new BackendLoad();
    BackendTraffic traffic = new BackendTraffic(loops);
    List<EndpointListener> listeners = new CopyOnWriteArrayList<>();
    HealthChecks health = new HealthChecks(settings.healthChecks(), checkGroup.next(), transport.socketChannel(),
        proxyProtocol::get, () -> listeners.forEach(EndpointListener::routingChanged));
    EndpointCounters writeCounters = new EndpointCounters(loops);
    EndpointCounters readCounters = new EndpointCounters(loops);
    EndpointListener write = null;
    try {
      write = EndpointListener.bind(group, transport, settings.bindHost(), settings.writePort(),
          new EndpointContext(Endpoint.WRITE, routing::get, settings, load, traffic, writeCounters, new AtomicLong(),
              health::admits, group, transport, proxyProtocol::get));
      EndpointListener read = EndpointListener.bind(group, transport, settings.bindHost(), settings.readPort(),
          new EndpointContext(Endpoint.READ, routing::get, settings, load, traffic, readCounters, new AtomicLong(),
              health::admits, group, transport, proxyProtocol::get));
      listeners.addAll(List.of(write, read));
      Router router = new Router(transport.name(), loops, group, checkGroup, routing, proxyProtocol, load, traffic,
          health, writeCounters, readCounters, write, read);
      log.info("Router listening ({}, {} event {}): write endpoint {}, read endpoint {}; {}", transport.name(),
          loops, loops == 1 ? "loop" : "loops", write.address(), read.address(), settings);
      return router;
    } catch (RuntimeException e) {
      if (write != null) {
        awaitAll(List.of(write.stopAccepting()));
      }
      shutDown(group);
      shutDown(checkGroup);
      throw e;
    }
  }

  /**
   * Puts {@code next} in force for new connections at once. When the write target changes, every
   * write-endpoint connection to the old one is closed on both sides before this returns (the
   * wait is bounded, and a warning logged if it runs out), so a caller that goes on to promote
   * another instance knows the demoted one gets no more bytes through this router. Held clients
   * are connected if their endpoint now has a target.
   */
  public void route(Routing next) {
    Objects.requireNonNull(next, "routing");
    Routing previous = routing.getAndSet(next);
    if (previous.equals(next)) {
      return;
    }
    log.info("Routing changed: write {} -> {}, read {} -> {}", describe(previous.write()), describe(next.write()),
        previous.read(), next.read());
    health.watch(Stream.concat(next.write().stream(), next.read().stream()).collect(Collectors.toSet()));
    if (!awaitAll(concat(write.routingChanged(), read.routingChanged()))) {
      log.warn("Routing change not yet applied to every open connection after {}", CLOSE_WAIT);
    }
  }

  /**
   * Whether backend connections opened from now on start with a PROXY protocol v2 header carrying
   * the client's address, and health checks with a LOCAL one. Off until set: it is the cluster's
   * setting, since its servers either take the header or refuse it, and the router follows it.
   */
  public void proxyProtocol(boolean enabled) {
    if (proxyProtocol.getAndSet(enabled) != enabled) {
      log.info(enabled ? "Backend connections start with a PROXY protocol v2 header from now on (the cluster's setting)"
          : "Backend connections start without a PROXY protocol header from now on (the cluster's setting)");
    }
  }

  /** What moves the bytes: io_uring, epoll or nio. */
  public String transport() {
    return transport;
  }

  /** How many threads proxy the connections. */
  public int eventLoops() {
    return eventLoops;
  }

  public Routing routing() {
    return routing.get();
  }

  public InetSocketAddress writeAddress() {
    return write.address();
  }

  public InetSocketAddress readAddress() {
    return read.address();
  }

  public RouterStats stats() {
    return new RouterStats(writeCounters.snapshot(), readCounters.snapshot(), traffic.snapshot(load.view(), health));
  }

  /** Stops listening and closes every proxied connection; waits a bounded time for the event loops. */
  @Override
  public void close() {
    if (group.isShuttingDown()) {
      return;
    }
    health.stop();
    awaitAll(List.of(write.stopAccepting(), read.stopAccepting()));
    if (!awaitAll(concat(write.cutConnections(), read.cutConnections()))) {
      log.warn("Router connections not all closed after {}; stopping the event loops anyway", CLOSE_WAIT);
    }
    shutDown(group);
    shutDown(checkGroup);
  }

  /** Whether every future completed within {@link #CLOSE_WAIT}, counted from the first. */
  private static boolean awaitAll(List<Future<?>> futures) {
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    for (Future<?> f : futures) {
      if (!f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  private static List<Future<?>> concat(List<Future<?>> a, List<Future<?>> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  /** Shutting the loops down also closes a connection accepted too late to be cut. */
  private static void shutDown(EventLoopGroup group) {
    group.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_WAIT.multipliedBy(2).toMillis());
  }

  private static String describe(Optional<InstanceAddress> write) {
    return write.map(InstanceAddress::toString).orElse("none");
  }
}
