package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's own view of each routed backend, on top of the agents' topology: every interval
 * a MySQL login (see {@link LoginCheckHandler}), and fall/rise counting (see
 * {@link BackendHealth}). A backend that is down gets no new connections; open ones stay, as
 * the agents decide when a role changes.
 *
 * <p>Checks and the per-backend state live on one event loop, so they need no locks; only the
 * set of backends that are down is shared, and the router reads it for each new connection.
 */
final class HealthChecks {
  private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

  private final Optional<HealthCheckSettings> settings;
  private final EventLoop loop;
  private final Class<? extends Channel> channelClass;
  private final BooleanSupplier proxyProtocol;
  private final Runnable onChange;
  /** Touched only on {@link #loop}. */
  private final Map<InstanceAddress, ScheduledFuture<?>> schedules = new HashMap<>();
  /** Written only on {@link #loop}; read anywhere. */
  private final Map<InstanceAddress, BackendHealth> states = new ConcurrentHashMap<>();

  /**
   * @param settings empty turns checks off: every backend is admitted
   * @param proxyProtocol whether the servers take PROXY protocol headers: each check then sends a LOCAL one
   * @param onChange runs on the check loop when a backend goes up or down; must not block
   */
  HealthChecks(Optional<HealthCheckSettings> settings, EventLoop loop, Class<? extends Channel> channelClass,
      BooleanSupplier proxyProtocol, Runnable onChange) {
    this.settings = settings;
    this.loop = loop;
    this.channelClass = channelClass;
    this.proxyProtocol = proxyProtocol;
    this.onChange = onChange;
  }

  /** Whether new connections may go to {@code instance}. */
  boolean admits(InstanceAddress instance) {
    return state(instance).up();
  }

  BackendHealth state(InstanceAddress instance) {
    return states.getOrDefault(instance, BackendHealth.UNCHECKED);
  }

  /** Backends checked at least once and still routed. */
  Set<InstanceAddress> checked() {
    return Set.copyOf(states.keySet());
  }

  /** Checks exactly {@code instances} from now on; a backend that stops being routed forgets its standing. */
  void watch(Set<InstanceAddress> instances) {
    settings.ifPresent(s -> loop.execute(() -> {
      schedules.keySet().removeIf(i -> {
        if (instances.contains(i)) {
          return false;
        }
        schedules.get(i).cancel(false);
        states.remove(i);
        return true;
      });
      for (InstanceAddress i : instances) {
        schedules.computeIfAbsent(i, k -> loop.scheduleAtFixedRate(() -> check(k, s), 0,
            s.interval().toNanos(), TimeUnit.NANOSECONDS));
      }
    }));
  }

  void stop() {
    loop.execute(() -> {
      schedules.values().forEach(f -> f.cancel(false));
      schedules.clear();
    });
  }

  private void check(InstanceAddress instance, HealthCheckSettings s) {
    Promise<String> outcome = loop.newPromise();
    ChannelFuture connect = new Bootstrap()
        .group(loop)
        .channel(channelClass)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.timeout().toMillis())
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(LoginCheckHandler.frames(), new LoginCheckHandler(s.user(), s.password(), outcome));
          }
        })
        .connect(instance.host(), instance.port());
    connect.addListener(done -> {
      if (!done.isSuccess()) {
        outcome.trySuccess("cannot connect: " + done.cause().getMessage());
      } else if (proxyProtocol.getAsBoolean()) {
        ProxyHeader.sendLocal(connect.channel());
      }
    });
    ScheduledFuture<?> timeout = loop.schedule(() -> outcome.trySuccess("no login within " + s.timeout()),
        s.timeout().toNanos(), TimeUnit.NANOSECONDS);
    outcome.addListener(f -> {
      timeout.cancel(false);
      Optional<String> failure = Optional.ofNullable(outcome.getNow());
      if (failure.isPresent()) {
        connect.channel().close();
      }
      record(instance, failure, s);
    });
  }

  private void record(InstanceAddress instance, Optional<String> failure, HealthCheckSettings s) {
    if (!schedules.containsKey(instance)) {
      return;
    }
    BackendHealth before = state(instance);
    BackendHealth after = before.after(failure, s.fall(), s.rise());
    states.put(instance, after);
    if (after.up() != before.up()) {
      if (after.up()) {
        log.info("{} passed {} health checks in a row: it gets new connections again", instance, s.rise());
      } else {
        log.warn("{} failed {} health checks in a row ({}): no new connections until it passes {}", instance,
            s.fall(), failure.orElse(""), s.rise());
      }
      onChange.run();
    }
  }
}
