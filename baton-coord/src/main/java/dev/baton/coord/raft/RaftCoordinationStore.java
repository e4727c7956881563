package dev.baton.coord.raft;

import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.LeaderLeases;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The coordination store on the managers' own Raft group: writes are committed through the
 * leader, reads are linearizable, watches follow the local peer's state. Leases expire when the
 * leader's timer for them runs out (see {@link LeaseTimers}).
 */
public final class RaftCoordinationStore implements CoordinationStore, LeaderLeases {
  private final RaftPeerServer local;
  private final GroupClient group;

  /**
   * A store for the agent that runs {@code local}. Reads and writes go to whichever peer leads;
   * watches follow {@code local}'s state and end when it is closed.
   */
  public RaftCoordinationStore(RaftPeerServer local) {
    this.local = local;
    this.group = new GroupClient(local.settings());
  }

  @Override
  public Optional<Lease> acquire(String name, String owner, Duration ttl) {
    return acquire(new Command.Acquire(name, owner, ttl, 0));
  }

  @Override
  public Optional<Lease> renew(Lease lease) {
    return renew(new Command.Renew(lease.name(), lease.owner(), lease.epoch(), 0));
  }

  @Override
  public OptionalLong localLeaderTerm() {
    return local.leaderTerm();
  }

  @Override
  public OptionalLong confirmLeadership() {
    Reply.LeadershipReply reply = (Reply.LeadershipReply) group.readAt(new Query.Leadership(),
        RaftPeerId.valueOf(local.peer().id()), "confirm the leadership of " + local.peer().id());
    return reply.leader() && reply.peer().equals(local.peer().id()) ? OptionalLong.of(reply.term()) : OptionalLong.empty();
  }

  @Override
  public Duration leadershipValidity() {
    return local.settings().leadershipValidity();
  }

  @Override
  public Duration takeoverDelay() {
    return RaftSettings.TAKEOVER_DELAY;
  }

  @Override
  public Optional<Lease> acquireAsLeader(String name, String owner, Duration ttl, long term) {
    return acquire(new Command.Acquire(name, owner, ttl, term));
  }

  @Override
  public Optional<Lease> renewAsLeader(Lease lease, long term) {
    return renew(new Command.Renew(lease.name(), lease.owner(), lease.epoch(), term));
  }

  private Optional<Lease> acquire(Command.Acquire command) {
    return lease(group.write(command, "acquire lease " + command.name() + " for " + command.owner()));
  }

  private Optional<Lease> renew(Command.Renew command) {
    return lease(group.write(command, "renew lease " + command.name() + " of " + command.owner() + " at "
        + command.epoch()));
  }

  @Override
  public void release(Lease lease) {
    Command.Release command = new Command.Release(lease.name(), lease.owner(), lease.epoch());
    group.write(command, "release lease " + lease.name() + " of " + lease.owner() + " at " + lease.epoch());
  }

  @Override
  public Optional<Lease> current(String name) {
    return lease(group.read(new Query.CurrentLease(name), "read lease " + name));
  }

  @Override
  public Optional<VersionedDocument> get(String key) {
    return ((Reply.DocumentReply) group.read(new Query.GetDocument(key), "read document " + key)).document();
  }

  @Override
  public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
    Command.CompareAndSet command = new Command.CompareAndSet(key, expectedVersion, value);
    return ((Reply.CasReply) group.write(command, "write document " + key + " over version " + expectedVersion)).result();
  }

  @Override
  public Watch watch(String key, Consumer<VersionedDocument> listener) {
    VersionedDocument.checkKey(key);
    return local.watch(key, Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    group.close();
  }

  private static Optional<Lease> lease(Reply reply) {
    return ((Reply.LeaseReply) reply).lease();
  }
}
