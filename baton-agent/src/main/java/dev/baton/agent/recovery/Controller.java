package dev.baton.agent.recovery;

import dev.baton.agent.monitor.ClusterSnapshot;
import dev.baton.agent.monitor.Monitor;
import dev.baton.agent.recovery.hooks.HookEvent;
import dev.baton.agent.recovery.hooks.HookResult;
import dev.baton.agent.recovery.hooks.Hooks;
import dev.baton.coord.Lease;
import dev.baton.core.analysis.Analysis;
import dev.baton.core.analysis.AnalysisCode;
import dev.baton.core.analysis.Detection;
import dev.baton.core.analysis.Detector;
import dev.baton.core.analysis.FailureAnalyzer;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.failover.CandidateChoice;
import dev.baton.core.failover.CandidateChooser;
import dev.baton.core.failover.ClusterState;
import dev.baton.core.failover.FailoverPlanner;
import dev.baton.core.failover.InstanceFlags;
import dev.baton.core.failover.PromotionRule;
import dev.baton.core.failover.RecoveryBlock;
import dev.baton.core.failover.RecoveryPlan;
import dev.baton.core.failover.Rejoin;
import dev.baton.core.failover.ReplicaCandidate;
import dev.baton.core.failover.Step;
import dev.baton.core.failover.WriteRestore;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.control.ControlException;
import dev.baton.mysql.control.InstanceControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's decisions for one cluster, made on one event thread: probe rounds, state
 * changes and operator commands only enqueue work. Only the holder of master_lock acts; every
 * agent runs one, so that another takes over within a lease TTL when the holder dies.
 */
public final class Controller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);
  /**
   * How long an operator's failover or switchover waits for a probe round that began after this
   * manager's last action; a round takes about a second, and the wait asks for one at once.
   */
  public static final Duration ROUND_AFTER_ACTION_WAIT = Duration.ofSeconds(3);
  private static final Duration ROUND_POLL = Duration.ofMillis(50);

  private final ClusterSpec spec;
  private final String manager;
  private final SharedState state;
  private final AuditLog audit;
  private final LeaseKeeper lease;
  private final Monitor monitor;
  private final InstanceControl control;
  private final ControllerSettings settings;
  private final Clock clock;
  private final Consumer<Topology> mirror;
  private final AtomicReference<Publishing> publishing = new AtomicReference<>();
  private final Hooks hooks;
  private final WriteHold writeHold;
  private final HardFence hardFence;
  private final GtidParser<?> gtids;
  private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "controller");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<ClusterState> current = new AtomicReference<>();
  private final AtomicReference<List<Analysis>> findings = new AtomicReference<>(List.of());

  /** Touched on the event thread only. */
  private Detection detection = Detection.NONE;
  /** The detection last reported as not acted on (paused or blocked), so that it is audited once. Event thread only. */
  private Optional<Analysis> reportedIdle = Optional.empty();
  /** The latest snapshot seen. Event thread only. */
  private ClusterSnapshot snapshot;
  /**
   * When this manager last changed a server or the topology. Rounds that began before are stale:
   * deciding on them would redo what was just done. Event thread only.
   */
  private Instant actedAt = Instant.MIN;
  /**
   * Each replica's errant GTIDs as last computed while the primary answered. Kept while it is
   * dead: then they can no longer be computed, and an errant replica must not pass for clean.
   * Event thread only.
   */
  private final Map<InstanceAddress, String> errant = new HashMap<>();
  /** The newest round not yet decided on; rounds that arrive while one is pending replace it. */
  private final AtomicReference<ClusterSnapshot> pendingRound = new AtomicReference<>();

  public Controller(ClusterSpec spec, String manager, SharedState state, AuditLog audit, LeaseKeeper lease,
      Monitor monitor, InstanceControl control, ControllerSettings settings, Clock clock, Consumer<Topology> mirror,
      Hooks hooks, WriteHold writeHold, HardFence hardFence) {
    this.spec = spec;
    this.manager = manager;
    this.state = state;
    this.audit = audit;
    this.lease = lease;
    this.monitor = monitor;
    this.control = control;
    this.settings = settings;
    this.clock = clock;
    this.mirror = mirror;
    this.hooks = hooks;
    this.writeHold = writeHold;
    this.hardFence = hardFence;
    this.gtids = GtidParser.of(spec.flavor());
  }

  /** Adopts the stored state (or stores {@code initial} when there is none) and starts following probe rounds. */
  public void start(ClusterState initial) {
    current.set(state.initialize(initial));
    state.watch(s -> adopted(current.getAndSet(s), s));
    monitor.onRound(s -> {
      if (pendingRound.getAndSet(s) == null) {
        events.execute(() -> onRound(pendingRound.getAndSet(null)));
      }
    });
    // A manager that took the lock over decides on the round it has, without waiting for the next one.
    lease.onGained(() -> events.execute(() -> onRound(snapshot)));
  }

  public Optional<ClusterState> state() {
    return Optional.ofNullable(current.get());
  }

  public Optional<Topology> topology() {
    return state().map(ClusterState::topology);
  }

  /** The latest findings of this manager's analysis. */
  public List<Analysis> findings() {
    return findings.get();
  }

  public boolean leads() {
    return lease.held().isPresent();
  }

  public Optional<Lease> leader() {
    return lease.holder();
  }

  /** The master_lock holder as last seen, without asking the store: for answers that must not wait on it. */
  public Optional<Lease> lastSeenLeader() {
    return lease.lastSeenHolder();
  }

  public List<RecoveryRecord> recoveries() {
    return audit.all();
  }

  public CompletableFuture<Command.Result> submit(Command command) {
    boolean decidesOnARound = command instanceof Command.Failover || command instanceof Command.Switchover;
    CompletableFuture<Void> ready = decidesOnARound
        ? roundAfterLastAction(System.nanoTime() + ROUND_AFTER_ACTION_WAIT.toNanos())
        : CompletableFuture.completedFuture(null);
    return ready.thenCompose(r -> CompletableFuture.supplyAsync(() -> handle(command), events));
  }

  /**
   * Completes once a round that began after this manager's last action has been seen, or at
   * {@code deadlineNanos}. Right after a switchover the latest round may still show the new
   * primary read-only; a second switchover decided on it was refused ("the primary is not
   * reachable and writable") a moment after the first had finished.
   */
  private CompletableFuture<Void> roundAfterLastAction(long deadlineNanos) {
    return CompletableFuture.supplyAsync(() -> snapshot != null && !snapshot.at().isBefore(actedAt), events)
        .thenCompose(fresh -> {
          if (fresh || System.nanoTime() >= deadlineNanos) {
            return CompletableFuture.completedFuture(null);
          }
          monitor.probeNow();
          Executor later = CompletableFuture.delayedExecutor(ROUND_POLL.toMillis(), TimeUnit.MILLISECONDS);
          return CompletableFuture.runAsync(() -> { }, later).thenCompose(r -> roundAfterLastAction(deadlineNanos));
        });
  }

  private void onRound(ClusterSnapshot s) {
    if (s == null || s.at().isBefore(actedAt)) {
      return;
    }
    snapshot = s;
    ClusterState st = current.get();
    if (st == null) {
      return;
    }
    try {
      List<Analysis> found = analyze(gtids, st, s);
      findings.set(found);
      // Every manager confirms failures, not only the holder: a manager that takes master_lock
      // over from a dead holder then acts on a failure it already confirmed.
      detection = Detector.next(detection, found, s.at());
      if ((detection.pending() && !Detector.confirmed(detection, settings.detection()))
          || found.stream().anyMatch(a -> a.code() == AnalysisCode.UNREACHABLE_PRIMARY)) {
        monitor.probeSoon(settings.detection().reprobeInterval());
      }
      Optional<Lease> held = lease.held();
      if (held.isEmpty()) {
        return;
      }
      if (st.plan().isPresent()) {
        finishPlan(st.plan().get(), held.get());
        return;
      }
      decide(gtids, st, s, held.get());
    } catch (RuntimeException e) {
      log.error("deciding on round of {} failed", s.at(), e);
    }
  }

  /** Every manager analyses (for status); only the holder of master_lock acts on it. */
  private <S extends GtidSet<S>> List<Analysis> analyze(GtidParser<S> g, ClusterState st, ClusterSnapshot s) {
    rememberErrant(g, st, s);
    return FailureAnalyzer.analyze(st.topology(), s.observations(), s.primaryGtidsAfterReplicas(),
        settings.analysis(), g.parse());
  }

  private <S extends GtidSet<S>> void rememberErrant(GtidParser<S> g, ClusterState st, ClusterSnapshot s) {
    InstanceObservation p = s.observations().get(st.topology().primary());
    if (p == null || !p.reachable()) {
      return;
    }
    S primarySet = g.parse().apply(s.primaryGtidsAfterReplicas().orElse(p.gtidExecuted()));
    errant.keySet().retainAll(st.topology().replicas());
    for (InstanceAddress r : st.topology().replicas()) {
      InstanceObservation o = s.observations().get(r);
      if (o != null && o.reachable()) {
        S extra = g.parse().apply(o.gtidExecuted()).subtract(primarySet);
        if (extra.isEmpty()) {
          errant.remove(r);
        } else {
          errant.put(r, extra.toString());
        }
      }
    }
  }

  private <S extends GtidSet<S>> void decide(GtidParser<S> g, ClusterState st, ClusterSnapshot s, Lease held) {
    if (detection.pending() && !Detector.confirmed(detection, settings.detection())) {
      return;
    }
    if (Detector.confirmed(detection, settings.detection())) {
      Analysis failure = detection.analysis().get();
      Optional<Instant> blocked = RecoveryBlock.blockedUntil(st.unacknowledgedRecovery(),
          settings.failover().recoveryBlock(), s.at());
      if (st.paused() || blocked.isPresent()) {
        if (!reportedIdle.equals(Optional.of(failure))) {
          reportedIdle = Optional.of(failure);
          String why = st.paused() ? "automatic recovery is paused ('baton resume' restarts it)"
              : "an earlier recovery is not acknowledged; blocked until " + blocked.get()
                  + " ('baton recoveries ack' or 'baton failover --force')";
          record("detection", failure.toString(), st.topology().primary(), null, held, "not-acted", why, List.of());
        }
        return;
      }
      reportedIdle = Optional.empty();
      failover(g, st, s, held, failure.toString(), Optional.empty(), true);
      return;
    }
    Optional<InstanceAddress> restore = WriteRestore.decide(st, s.observations());
    if (restore.isPresent()) {
      restoreWrites(restore.get(), held);
      return;
    }
    for (Rejoin.Action action : Rejoin.decide(st, s.observations(), settings.failover().rejoinOldPrimary(), g.parse())) {
      rejoin(action);
    }
  }

  /** The primary answers read-only with nothing under way: it fenced itself while cut off, or restarted. */
  private void restoreWrites(InstanceAddress primary, Lease held) {
    actedAt = clock.instant();
    try {
      control.makePrimaryWritable(primary);
      record("restore-writes", "NoWritablePrimary " + primary, primary, null, held, "succeeded",
          "the primary answered read-only with no recovery under way; writes restored", List.of());
      monitor.probeNow();
    } catch (ControlException e) {
      record("restore-writes", "NoWritablePrimary " + primary, primary, null, held, "failed", e.getMessage(), List.of());
    }
  }

  private <S extends GtidSet<S>> Command.Result failover(GtidParser<S> g, ClusterState st, ClusterSnapshot s, Lease held,
      String trigger, Optional<InstanceAddress> to, boolean automatic) {
    CandidateChoice choice = CandidateChooser.choose(candidates(g, st, s), to);
    if (choice instanceof CandidateChoice.Refused r) {
      record("failover", trigger, st.topology().primary(), null, held, "refused", r.reason(), List.of());
      return new Command.Result(false, r.reason());
    }
    CandidateChoice.Chosen chosen = (CandidateChoice.Chosen) choice;
    RecoveryPlan plan = FailoverPlanner.failover(st.topology(), chosen.candidate(), settings.failover(),
        trigger + "; " + chosen.why());
    return execute(plan, held, trigger, automatic);
  }

  private <S extends GtidSet<S>> List<ReplicaCandidate<S>> candidates(GtidParser<S> g, ClusterState st,
      ClusterSnapshot s) {
    List<ReplicaCandidate<S>> out = new ArrayList<>();
    S none = g.parse().apply("");
    for (InstanceAddress r : st.topology().replicas()) {
      InstanceObservation o = s.observations().get(r);
      if (o == null || !o.reachable()) {
        continue;
      }
      S executed = g.parse().apply(o.gtidExecuted());
      S received = o.replica().map(rs -> g.parse().apply(rs.retrievedGtids())).orElse(none);
      S errantSet = Optional.ofNullable(errant.get(r)).map(g.parse()).orElse(none);
      // An instance flagged for rebuild holds transactions the cluster does not: never a candidate.
      PromotionRule rule = st.flags(r).needsRebuild().isPresent() ? PromotionRule.MUST_NOT : st.flags(r).rule();
      out.add(new ReplicaCandidate<>(r, executed.union(received), errantSet, rule,
          o.replica().flatMap(rs -> rs.lagSeconds())));
    }
    return out;
  }

  /**
   * Runs the pre-hooks (a non-zero exit vetoes the recovery), commits the plan with this
   * manager's epoch, runs it, runs the post-hooks, and records it all.
   */
  private Command.Result execute(RecoveryPlan plan, Lease held, String trigger, boolean automatic) {
    String id = plan.kind().id() + "-" + clock.instant().toEpochMilli();
    long epoch = held.epoch().value();
    HookEvent pre = plan.kind() == RecoveryPlan.Kind.FAILOVER ? HookEvent.PRE_FAILOVER : HookEvent.PRE_SWITCHOVER;
    List<HookResult> preResults = hooks.run(pre, hookValues(plan, trigger, epoch, Optional.empty()));
    List<RecoveryRecord.Entry> preEntries = preResults.stream().map(this::entry).toList();
    Optional<HookResult> veto = preResults.stream().filter(r -> !r.succeeded()).findFirst();
    if (veto.isPresent()) {
      String why = "vetoed by the " + pre.key() + " hook (exit " + veto.get().exitCode() + "): "
          + veto.get().output().replaceAll("\\s*\\R\\s*", " ");
      record(plan.kind().id(), trigger, plan.oldPrimary(), plan.newPrimary(), held, "vetoed", why, preEntries);
      return new Command.Result(false, why);
    }
    update(st -> st.withPlan(Optional.of(new ClusterState.PlanInProgress(id, epoch, plan))));
    return run(id, plan, held, trigger, automatic, preEntries);
  }

  /** The values of hook placeholders, named as in Orchestrator. */
  private Map<String, String> hookValues(RecoveryPlan plan, String trigger, long epoch, Optional<Boolean> successful) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("command", plan.kind().id());
    v.put("failureType", trigger.startsWith("operator") ? "operator" : trigger.split(" ", 2)[0]);
    v.put("failedHost", plan.oldPrimary().host());
    v.put("failedPort", Integer.toString(plan.oldPrimary().port()));
    v.put("successorHost", plan.newPrimary().host());
    v.put("successorPort", Integer.toString(plan.newPrimary().port()));
    v.put("clusterAlias", spec.name());
    v.put("lostReplicas", snapshot == null ? "" : plan.newTopology().replicas().stream()
        .filter(r -> !r.equals(plan.oldPrimary()))
        .filter(r -> Optional.ofNullable(snapshot.observations().get(r)).map(o -> !o.reachable()).orElse(true))
        .map(InstanceAddress::toString).collect(Collectors.joining(",")));
    v.put("epoch", Long.toString(epoch));
    successful.ifPresent(ok -> v.put("isSuccessful", ok.toString()));
    return v;
  }

  private RecoveryRecord.Entry entry(HookResult r) {
    return new RecoveryRecord.Entry(clock.instant(), "hook " + r.event().key() + ": " + r.command(),
        "exit " + r.exitCode() + (r.output().isEmpty() ? "" : ": " + r.output()), r.millis());
  }

  private Command.Result run(String id, RecoveryPlan plan, Lease held, String trigger, boolean automatic,
      List<RecoveryRecord.Entry> preEntries) {
    long epoch = held.epoch().value();
    Instant started = clock.instant();
    AtomicReference<RecoveryRecord> rec = new AtomicReference<>(new RecoveryRecord(id, plan.kind().id(), trigger,
        plan.oldPrimary().toString(), plan.newPrimary().toString(), epoch, manager, started, Optional.empty(),
        "running", plan.reason(), preEntries, false));
    audit.put(rec.get());
    log.info("{} {}: {} -> {} ({})", plan.kind().id(), id, plan.oldPrimary(), plan.newPrimary(), plan.reason());
    PlanExecutor executor = new PlanExecutor(control, lease::heldAwaitingConfirmation, this::publish, writeHold,
        hardFence, clock);
    PlanExecutor.Result result = executor.run(plan, epoch, trigger, e -> rec.updateAndGet(r -> r.with(e)));
    boolean ok = result.outcome() == PlanExecutor.Outcome.SUCCEEDED;
    actedAt = clock.instant();
    if (result.outcome() != PlanExecutor.Outcome.LOST_LEASE) {
      update(st -> {
        ClusterState next = st.withPlan(Optional.empty());
        if (ok && automatic) {
          next = next.withUnacknowledgedRecovery(Optional.of(started));
        }
        if (ok && plan.kind() == RecoveryPlan.Kind.SWITCHOVER) {
          boolean oldPrimaryStarted = plan.steps().stream().anyMatch(step -> step instanceof Step.Repoint r
              && r.instance().equals(plan.oldPrimary()) && r.start());
          next = next.withFlags(plan.oldPrimary(), f -> new InstanceFlags(f.address(), f.rule(),
              !oldPrimaryStarted, f.needsRebuild()));
        }
        return next;
      });
    }
    if (result.outcome() != PlanExecutor.Outcome.LOST_LEASE) {
      HookEvent post = plan.kind() == RecoveryPlan.Kind.SWITCHOVER ? HookEvent.POST_SWITCHOVER
          : ok ? HookEvent.POST_FAILOVER : HookEvent.POST_UNSUCCESSFUL_FAILOVER;
      hooks.run(post, hookValues(plan, trigger, epoch, Optional.of(ok)))
          .forEach(r -> rec.updateAndGet(x -> x.with(entry(r))));
    }
    String status = switch (result.outcome()) {
      case SUCCEEDED -> "succeeded";
      case ROLLED_BACK -> "rolled-back";
      case LOST_LEASE -> "interrupted";
      case FAILED -> "failed";
    };
    RecoveryRecord done = rec.get().ended(clock.instant(), status, result.summary());
    audit.put(done);
    log.info("{} {} {}: {}", plan.kind().id(), id, status, result.summary());
    detection = Detection.NONE;
    return new Command.Result(ok, result.summary());
  }

  /** A plan found in the state: left by a manager that died or lost the lease. Finished under this manager's epoch. */
  private void finishPlan(ClusterState.PlanInProgress p, Lease held) {
    log.info("finishing {} left by an earlier master_lock holder (epoch {})", p.recoveryId(), p.epoch());
    update(st -> st.withPlan(Optional.of(new ClusterState.PlanInProgress(p.recoveryId(), held.epoch().value(),
        p.plan()))));
    run(p.recoveryId(), p.plan(), held, "resumed after the manager that started it stopped", true, List.of());
  }

  /** Changes the shared state and adopts the result at once, without waiting for the watch to bring it back. */
  private ClusterState update(UnaryOperator<ClusterState> change) {
    ClusterState next = state.update(change);
    adopted(current.getAndSet(next), next);
    return next;
  }

  /**
   * The routing follows a new topology or a hold on writes at once, from the latest
   * observations; a new topology also gets a fresh probe round (the new primary is writable now).
   * Its primary must be seen after its promotion: on the manager that publishes it, by a probe
   * begun once the publish began; elsewhere, by a probe taken now.
   */
  private void adopted(ClusterState before, ClusterState after) {
    boolean newTopology = before == null || !before.topology().equals(after.topology());
    if (newTopology) {
      mirror.accept(after.topology());
      Instant seenSince = publishedSince(after.topology()).orElseGet(clock::instant);
      monitor.reroute(Optional.of(after.topology().primary()), seenSince);
      monitor.probeNow();
    } else if (before.writesHeld() != after.writesHeld()) {
      monitor.reroute(Optional.empty(), clock.instant());
      monitor.probeNow();
    }
  }

  /**
   * When this manager began to publish {@code topology}, taken once: by whichever adoption comes
   * first, the store's watch or the update's own return.
   */
  private Optional<Instant> publishedSince(Topology topology) {
    Publishing p = publishing.getAndUpdate(q -> q != null && q.topology().equals(topology) ? null : q);
    return Optional.ofNullable(p).filter(q -> q.topology().equals(topology)).map(Publishing::since);
  }

  /**
   * A plan's last step. The promoted primary is probed while the managers commit the topology
   * (tens of ms through Raft), so the routing follows the commit without waiting for a probe of
   * its own (bench/router: promote step done to routed).
   */
  private void publish(Topology next) {
    publishing.set(new Publishing(next, clock.instant()));
    monitor.observeSoon(next.primary());
    try {
      update(st -> st.withTopology(next));
    } catch (RuntimeException e) {
      publishing.set(null);
      throw e;
    }
  }

  /** A topology this manager is publishing, and since when: every step before it, the promotion too, is done. */
  private record Publishing(Topology topology, Instant since) {}

  private void rejoin(Rejoin.Action action) {
    actedAt = clock.instant();
    try {
      if (action instanceof Rejoin.Action.Fence f) {
        int ended = control.fence(f.instance(), InstanceControl.STATEMENT_TIMEOUT);
        log.warn("{} accepted writes but is not the primary: fenced, {} client sessions ended", f.instance(), ended);
      } else if (action instanceof Rejoin.Action.Repoint r) {
        control.repoint(r.instance(), r.source(), true);
        log.info("{} rejoined as a replica of {}", r.instance(), r.source());
      } else if (action instanceof Rejoin.Action.StartReplication s) {
        control.startReplica(s.instance());
        log.info("replication started on {}", s.instance());
      } else if (action instanceof Rejoin.Action.FlagRebuild f) {
        update(st -> st.withFlags(f.instance(), fl -> new InstanceFlags(fl.address(),
            fl.rule(), fl.downtimed(), Optional.of(f.reason()))));
        log.warn("{} needs a rebuild: {}", f.instance(), f.reason());
      }
    } catch (ControlException e) {
      log.warn("rejoining {} failed: {}", action.instance(), e.getMessage());
    }
  }

  private Command.Result handle(Command command) {
    Optional<Lease> held = lease.heldAwaitingConfirmation();
    ClusterState st = current.get();
    if (held.isEmpty() || st == null) {
      return new Command.Result(false, "this manager does not hold master_lock; send the request to "
          + lease.holder().map(Lease::owner).orElse("the holder (none right now: no quorum?)"));
    }
    if (command instanceof Command.Pause) {
      update(s -> s.withPaused(true));
      return new Command.Result(true, "automatic recovery paused");
    }
    if (command instanceof Command.Resume) {
      update(s -> s.withPaused(false));
      return new Command.Result(true, "automatic recovery resumed");
    }
    if (command instanceof Command.Acknowledge) {
      update(s -> s.withUnacknowledgedRecovery(Optional.empty()));
      audit.acknowledgeAll();
      return new Command.Result(true, "recoveries acknowledged; automatic recovery is no longer blocked");
    }
    if (command instanceof Command.SetPromotionRule r) {
      requireMember(st, r.instance());
      update(s -> s.withFlags(r.instance(), f -> new InstanceFlags(f.address(), r.rule(),
          f.downtimed(), f.needsRebuild())));
      return new Command.Result(true, "promotion rule of " + r.instance() + " is " + r.rule());
    }
    if (command instanceof Command.Rebuilt rb) {
      requireMember(st, rb.instance());
      update(s -> s.withFlags(rb.instance(), f -> new InstanceFlags(f.address(), f.rule(), false, Optional.empty())));
      errant.remove(rb.instance());
      return new Command.Result(true, rb.instance() + " may rejoin; the manager checks its GTIDs and repoints it");
    }
    if (command instanceof Command.StartReplica sr) {
      requireMember(st, sr.instance());
      if (sr.instance().equals(st.topology().primary())) {
        return new Command.Result(false, sr.instance() + " is the primary; it has no replication to start");
      }
      try {
        control.startReplica(sr.instance());
      } catch (ControlException e) {
        return new Command.Result(false, e.getMessage());
      }
      update(s -> s.withFlags(sr.instance(), f -> new InstanceFlags(f.address(), f.rule(),
          false, f.needsRebuild())));
      return new Command.Result(true, "replication started on " + sr.instance());
    }
    if (snapshot == null) {
      return new Command.Result(false, "no probe round has completed yet; retry in a second");
    }
    if (command instanceof Command.Failover f) {
      if (!f.force()) {
        Optional<Instant> blocked = RecoveryBlock.blockedUntil(st.unacknowledgedRecovery(),
            settings.failover().recoveryBlock(), clock.instant());
        if (blocked.isPresent()) {
          return new Command.Result(false, "an earlier recovery is not acknowledged; blocked until " + blocked.get()
              + ": acknowledge it ('baton recoveries ack') or add --force");
        }
      }
      return failover(gtids, st, snapshot, held.get(), "operator: failover" + f.to().map(t -> " --to " + t).orElse(""),
          f.to(), false);
    }
    Command.Switchover sw = (Command.Switchover) command;
    return switchover(gtids, st, snapshot, held.get(), sw);
  }

  private <S extends GtidSet<S>> Command.Result switchover(GtidParser<S> g, ClusterState st, ClusterSnapshot s,
      Lease held, Command.Switchover sw) {
    InstanceObservation primary = s.observations().get(st.topology().primary());
    if (primary == null || !primary.writable()) {
      return new Command.Result(false, "the primary " + st.topology().primary()
          + " is not reachable and writable: a switchover needs a healthy primary (use 'baton failover')");
    }
    // A replica that is only behind another one (just after a failover, say) is no reason to
    // refuse: the plan waits for the candidate to catch up with the primary before it promotes.
    S primaryTransactions = g.parse().apply(primary.gtidExecuted());
    List<ReplicaCandidate<S>> replicating = candidates(g, st, s).stream()
        .filter(c -> s.observations().get(c.address()).replicating())
        .map(c -> c.caughtUpWith(primaryTransactions)).toList();
    CandidateChoice choice = CandidateChooser.choose(replicating, sw.to());
    if (choice instanceof CandidateChoice.Refused r) {
      return new Command.Result(false, r.reason());
    }
    InstanceAddress candidate = ((CandidateChoice.Chosen) choice).candidate();
    RecoveryPlan plan = FailoverPlanner.switchover(st.topology(), candidate, sw.startOldPrimary(), settings.failover(),
        "operator: switchover to " + candidate);
    return execute(plan, held, "operator: switchover", false);
  }

  private void record(String kind, String trigger, InstanceAddress oldPrimary, InstanceAddress newPrimary, Lease held,
      String status, String summary, List<RecoveryRecord.Entry> entries) {
    Instant now = clock.instant();
    audit.put(new RecoveryRecord(kind + "-" + now.toEpochMilli(), kind, trigger, String.valueOf(oldPrimary),
        String.valueOf(newPrimary), held.epoch().value(), manager, now, Optional.of(now), status, summary, entries, false));
    log.info("{} {}: {}", kind, status, summary);
  }

  private void requireMember(ClusterState st, InstanceAddress instance) {
    if (!st.topology().members().contains(instance)) {
      throw new InvalidSettingException(instance + " is not an instance of cluster " + spec.name()
          + " (instances: " + st.topology().members() + ")");
    }
  }

  @Override
  public void close() {
    events.shutdownNow();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
