package dev.baton.agent.monitor;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.Routing;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.sql.Dialect;
import dev.baton.mysql.sql.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every instance of the cluster each poll interval, all in parallel, and publishes the
 * resulting snapshot and routing. Every agent watches the whole cluster, as Orchestrator does,
 * so that any of them can tell where the primary is.
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);

  private final ClusterSpec spec;
  private final Supplier<Optional<ClusterState>> stateSource;
  private final MonitorSettings settings;
  private final Clock clock;
  private final Map<InstanceAddress, InstanceProber> probers = new LinkedHashMap<>();
  /** {@link #observeSoon}'s probes; read and written on the monitor thread only. */
  private final Map<InstanceAddress, InstanceObservation> observedSoon = new HashMap<>();
  private final ExecutorService probeThreads;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "monitor"));
  private final Board<ClusterSnapshot> snapshots;
  private final Board<Routing> routing = new Board<>(Routing.NONE);
  private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
  /** The next scheduled round; guarded by {@code this}. */
  private ScheduledFuture<?> next;
  private long nextAtNanos = Long.MAX_VALUE;

  public Monitor(ClusterSpec spec, String user, String password, Supplier<Optional<ClusterState>> stateSource,
      MonitorSettings settings, Clock clock) {
    this.spec = spec;
    this.stateSource = stateSource;
    this.settings = settings;
    this.clock = clock;
    this.snapshots = new Board<>(ClusterSnapshot.empty(clock.instant()));
    Probe probe = new Probe(Dialect.of(spec.flavor()));
    for (InstanceAddress a : spec.instances()) {
      probers.put(a, new InstanceProber(a, probe, user, password, settings));
    }
    this.probeThreads = Executors.newFixedThreadPool(probers.size(), r -> daemon(r, "probe"));
  }

  public void start() {
    schedule(Duration.ZERO);
  }

  /** Runs a round as soon as the current one (if any) is done: the topology changed, or a failure is suspected. */
  public void probeNow() {
    schedule(Duration.ZERO);
  }

  /**
   * Decides the routing again at once, without a probe round: the agreed state changed (a hold on
   * writes began or ended, a topology was published) and routers must follow. {@code refresh},
   * when given, must be seen at or after {@code seenSince} (a new primary: rounds before its
   * promotion saw it read-only), so the routing rests on an observation, not on the plan: the
   * newest one taken late enough (a round's or {@link #observeSoon}'s), otherwise a probe of its
   * own. Runs on the monitor thread, so never concurrently with a round.
   */
  public CompletableFuture<Routing> reroute(Optional<InstanceAddress> refresh, Instant seenSince) {
    return CompletableFuture.supplyAsync(() -> {
      Map<InstanceAddress, InstanceObservation> observations =
          new LinkedHashMap<>(snapshots.latest().value().observations());
      refresh.filter(probers::containsKey).ifPresent(a -> {
        InstanceObservation seen = newer(observations.get(a), observedSoon.get(a));
        observations.put(a, seenSince(seen, seenSince) ? seen : probers.get(a).probe(clock.instant()));
      });
      return route(observations);
    }, ticker);
  }

  /**
   * Probes {@code instance} on the monitor thread, without deciding the routing, for a
   * {@link #reroute} about to need it: a manager publishing a new primary probes it while the
   * managers commit the topology, so the routing follows the commit without waiting for a probe.
   */
  public void observeSoon(InstanceAddress instance) {
    InstanceProber prober = probers.get(instance);
    if (prober != null) {
      ticker.execute(() -> observedSoon.put(instance, prober.probe(clock.instant())));
    }
  }

  /** Whether {@code observation} began at or after {@code since}: a probe begun earlier may predate a change. */
  static boolean seenSince(InstanceObservation observation, Instant since) {
    return observation != null && !observation.observedAt().isBefore(since);
  }

  /** The later of two observations of one instance; either may be missing. */
  static InstanceObservation newer(InstanceObservation a, InstanceObservation b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return b.observedAt().isAfter(a.observedAt()) ? b : a;
  }

  /** Brings the next round forward to at most {@code delay} from now. */
  public void probeSoon(Duration delay) {
    schedule(delay);
  }

  /** Called on the monitor thread after each round; keep it short (hand work to another thread). */
  public void onRound(Consumer<ClusterSnapshot> listener) {
    listeners.add(listener);
  }

  private synchronized void schedule(Duration delay) {
    long at = System.nanoTime() + delay.toNanos();
    if (next != null && !next.isDone() && nextAtNanos <= at) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    nextAtNanos = at;
    next = ticker.schedule(this::round, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void round() {
    synchronized (this) {
      nextAtNanos = Long.MAX_VALUE;
    }
    pollSafely();
    schedule(settings.pollInterval());
  }

  public Board<ClusterSnapshot> snapshots() {
    return snapshots;
  }

  public Board<Routing> routing() {
    return routing;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("monitor round failed; the next one runs in {}", settings.pollInterval(), e);
    }
  }

  private void poll() {
    var at = clock.instant();
    List<CompletableFuture<InstanceObservation>> futures = probers.values().stream()
        .map(p -> CompletableFuture.supplyAsync(() -> p.probe(at), probeThreads))
        .toList();
    Map<InstanceAddress, InstanceObservation> observations = new LinkedHashMap<>();
    futures.forEach(f -> {
      InstanceObservation o = f.join();
      observations.put(o.address(), o);
    });
    Optional<Topology> topology = stateSource.get().map(ClusterState::topology);
    Optional<String> primaryGtids = topology.map(t -> probers.get(t.primary())).flatMap(InstanceProber::executedGtids);
    Routing decided = route(observations);
    ClusterSnapshot snapshot = new ClusterSnapshot(at, topology, observations, primaryGtids, decided);
    snapshots.publish(snapshot);
    listeners.forEach(l -> l.accept(snapshot));
  }

  /** Decides and publishes the routing; called on the monitor thread only. */
  private Routing route(Map<InstanceAddress, InstanceObservation> observations) {
    Optional<ClusterState> state = stateSource.get();
    Routing previous = routing.latest().value();
    Routing decided = state
        .map(st -> Routing.decide(st.topology(), observations, previous, settings.readLag(),
            settings.readFallbackToPrimary()))
        .map(r -> state.get().writesHeld() ? r.holdingWrites() : r)
        .orElse(Routing.NONE);
    if (!previous.equals(decided)) {
      log.info("routing of cluster {}: write {} -> {}, read {} -> {}", spec.name(), previous.write().orElse(null),
          decided.write().orElse(null), previous.read(), decided.read());
    }
    routing.publish(decided);
    return decided;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    probeThreads.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      probeThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    probers.values().forEach(InstanceProber::close);
  }
}
