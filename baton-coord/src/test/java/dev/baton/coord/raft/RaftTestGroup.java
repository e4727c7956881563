package dev.baton.coord.raft;

import static org.awaitility.Awaitility.await;

import dev.baton.coord.CasResult;
import dev.baton.coord.LoopbackPorts;
import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * A Raft group of peers in this JVM on loopback ports, each with its storage under one
 * directory; peers can be stopped and started again on the same storage. Closing it closes
 * every store and peer it started.
 */
final class RaftTestGroup implements AutoCloseable {
  static final Duration LEADER_WAIT = Duration.ofSeconds(10);
  /** A new client's first call connects and loads classes, slow on a loaded machine. */
  static final Duration FIRST_ANSWER_WAIT = Duration.ofSeconds(20);

  private final RaftSettings settings;
  private final Path dir;
  private final Map<String, RaftPeerServer> running = new ConcurrentSkipListMap<>();
  private final List<RaftCoordinationStore> stores = new ArrayList<>();

  private RaftTestGroup(RaftSettings settings, Path dir) {
    this.settings = settings;
    this.dir = dir;
  }

  static RaftTestGroup start(Path dir, int size, UnaryOperator<RaftSettings> tweak) {
    List<Integer> ports = LoopbackPorts.free(size);
    List<Peer> peers = IntStream.range(0, size)
        .mapToObj(i -> new Peer("n" + (i + 1), new InstanceAddress("127.0.0.1", ports.get(i))))
        .toList();
    RaftTestGroup group = new RaftTestGroup(tweak.apply(RaftSettings.of(peers)), dir);
    try {
      peers.forEach(p -> group.start(p.id()));
      group.awaitLeader();
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
    return group;
  }

  RaftSettings settings() {
    return settings;
  }

  List<String> ids() {
    return settings.peers().stream().map(Peer::id).toList();
  }

  void start(String id) {
    try {
      running.put(id, RaftPeerServer.start(settings, id, dir.resolve(id)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a new peer {@code id} on a free loopback port that joins the group through member {@code via}. */
  Peer join(String id, String via) {
    return join(new Peer(id, new InstanceAddress("127.0.0.1", LoopbackPorts.free(1).get(0))), via);
  }

  /** Starts peer {@code id}, removed earlier, at its old address and with its old storage, joining through {@code via}. */
  Peer rejoin(String id, String via) {
    return join(settings.peer(id), via);
  }

  private Peer join(Peer self, String via) {
    String id = self.id();
    try {
      running.put(id, RaftPeerServer.join(settings, self, dir.resolve(id), peer(via).peer().raftAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return self;
  }

  /** Changes the group's members through member {@code via}. */
  GroupMembership membershipThrough(String via) {
    return new GroupMembership(settings, peer(via).peer().raftAddress());
  }

  void stop(String id) {
    Optional.ofNullable(running.remove(id)).ifPresent(RaftPeerServer::close);
  }

  /**
   * Stops peer {@code id} in the background: it stops answering at once, while closing it takes
   * Ratis about a second, during which the others may already elect a new leader.
   */
  CompletableFuture<Void> stopInBackground(String id) {
    RaftPeerServer peer = running.remove(id);
    return peer == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(peer::close);
  }

  Path storage(String id) {
    return dir.resolve(id);
  }

  RaftPeerServer peer(String id) {
    return Optional.ofNullable(running.get(id)).orElseThrow(() -> new IllegalStateException(id + " is not running"));
  }

  Optional<String> leader() {
    return running.entrySet().stream().filter(e -> e.getValue().isLeader()).map(Map.Entry::getKey).findFirst();
  }

  String awaitLeader() {
    return await("a ready leader").atMost(LEADER_WAIT).pollInterval(Duration.ofMillis(10))
        .until(this::leader, Optional::isPresent).orElseThrow();
  }

  String aFollower() {
    String leader = awaitLeader();
    return running.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
  }

  /** A store embedded with peer {@code id} that has answered once; closed with the group. */
  RaftCoordinationStore storeOn(String id) {
    RaftCoordinationStore store = new RaftCoordinationStore(peer(id));
    stores.add(store);
    await("a first answer from a store on " + id).atMost(FIRST_ANSWER_WAIT).ignoreExceptions()
        .until(() -> store.current("first-answer").isEmpty());
    return store;
  }

  /**
   * Writes {@code value} over version {@code over} of {@code key}, within {@code wait}. On a loaded
   * machine a write may time out and still commit: a retry then finds it done.
   */
  static void write(RaftCoordinationStore store, String key, long over, byte[] value, Duration wait) {
    await("write of " + key + " over version " + over).atMost(wait).ignoreExceptions().until(() -> {
      CasResult r = store.compareAndSet(key, over, value);
      return r.equals(new CasResult.Written(over + 1)) || r.equals(new CasResult.Conflict(over, over + 1));
    });
  }

  @Override
  public void close() {
    stores.forEach(RaftCoordinationStore::close);
    stores.clear();
    List.copyOf(running.keySet()).forEach(this::stop);
  }
}
