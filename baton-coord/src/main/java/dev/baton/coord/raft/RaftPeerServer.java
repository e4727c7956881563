package dev.baton.coord.raft;

import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the managers' Raft group, embedded in its agent: the Raft server, the
 * coordination state machine, the lease timers it runs while leader, and the watches of local
 * stores. Its log and snapshots live in its storage directory, so that a restarted peer
 * recovers its state from them and from the other peers.
 */
public final class RaftPeerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RaftPeerServer.class);

  private final RaftSettings settings;
  private final Peer peer;
  private final RaftGroup group;
  private final RaftServer server;
  private final CoordinationStateMachine stateMachine;
  private final LeaseTimers timers;
  private final DocumentWatches watches;
  private final GroupClient proposer;

  private RaftPeerServer(RaftSettings settings, Peer peer, Path storageDir, RaftGroup group) throws IOException {
    this.settings = settings;
    this.peer = peer;
    this.group = group;
    this.proposer = new GroupClient(settings);
    this.timers = new LeaseTimers(peer.id(), settings.expiryCheckInterval(),
        expire -> proposer.write(expire, "expire lease " + expire.name() + " at " + expire.epoch()));
    this.watches = new DocumentWatches(peer.id());
    this.stateMachine = new CoordinationStateMachine(timers, watches);
    try {
      this.server = RaftServer.newBuilder()
          .setServerId(RaftPeerId.valueOf(peer.id()))
          .setGroup(group)
          .setStateMachine(stateMachine)
          .setProperties(RatisConfig.server(settings, peer, storageDir))
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
    } catch (IOException | RuntimeException e) {
      closeHelpers();
      throw e;
    }
  }

  /**
   * Starts peer {@code peerId} of the group, recovering its state from {@code storageDir} if it
   * ran before. Returns once the peer listens; the group answers once a majority has started.
   */
  public static RaftPeerServer start(RaftSettings settings, String peerId, Path storageDir) throws IOException {
    return start(settings, settings.peer(peerId), storageDir, RatisConfig.group(settings));
  }

  /**
   * Starts {@code self} as a member of the running group that the peer at {@code via} belongs to:
   * learns the members and the leader from it and, unless {@code self} is a member already (a
   * restart), asks the leader to add it. Returns once the group has committed the addition; the
   * leader then sends it the group's state. Refused when its id or address is taken.
   */
  public static RaftPeerServer join(RaftSettings template, Peer self, Path storageDir, InstanceAddress via)
      throws IOException {
    GroupView view = new GroupMembership(template, via).view();
    boolean member = view.members().contains(self);
    RaftSettings settings = template.withPeers(member ? view.members() : MembershipChange.adding(view.members(), self));
    // A new member starts with no configuration at all, so that it waits for the leader to send it
    // the group's log instead of electing itself.
    List<Peer> startingConfiguration = member ? view.members() : List.of();
    RaftPeerServer joined = start(settings, self, storageDir, RatisConfig.group(settings, startingConfiguration));
    if (!member) {
      try {
        new GroupMembership(settings, via).add(self);
      } catch (RuntimeException e) {
        joined.close();
        throw e;
      }
    }
    log.info("Raft peer {} joined through {}; members {}", self, via, joined.members());
    return joined;
  }

  private static RaftPeerServer start(RaftSettings settings, Peer peer, Path storageDir, RaftGroup group)
      throws IOException {
    Files.createDirectories(storageDir);
    settings.describe().forEach(line -> log.info("{}: {}", peer.id(), line));
    RaftPeerServer started = new RaftPeerServer(settings, peer, storageDir, group);
    try {
      started.server.start();
    } catch (IOException | RuntimeException e) {
      started.close();
      throw new IOException("Raft peer " + peer + " could not start with storage in " + storageDir + ": "
          + e.getMessage(), e);
    }
    log.info("Raft peer {} started, storage in {}", peer, storageDir);
    return started;
  }

  /** The members of the group as this peer's configuration has them (the newest it has, committed or not). */
  public List<Peer> members() {
    try {
      return RatisConfig.peers(server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers());
    } catch (IOException e) {
      return settings.peers();
    }
  }

  public Peer peer() {
    return peer;
  }

  public RaftSettings settings() {
    return settings;
  }

  /**
   * What this peer knows of the group: the leader it follows (empty during an election), its
   * role and term. By the time a caller reads it, an election may have changed it.
   */
  public RaftState state() {
    try {
      RaftServer.Division division = server.getDivision(group.getGroupId());
      var info = division.getInfo();
      var leader = Optional.ofNullable(info.getLeaderId()).map(Object::toString);
      return new RaftState(peer.id(), leader, info.getCurrentRole().name().toLowerCase(java.util.Locale.ROOT),
          info.getCurrentTerm(), info.getLastAppliedIndex());
    } catch (IOException e) {
      return new RaftState(peer.id(), Optional.empty(), "unavailable", 0, 0);
    }
  }

  /** Whether this peer is the leader and has applied every entry of earlier terms. */
  public boolean isLeader() {
    try {
      var info = server.getDivision(group.getGroupId()).getInfo();
      return info.isLeader() && info.isLeaderReady();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The term in which this peer won the election, ready or not (a new leader is ready once it
   * has applied every entry of earlier terms); empty when it does not lead.
   */
  public OptionalLong leaderTerm() {
    try {
      var info = server.getDivision(group.getGroupId()).getInfo();
      return info.isLeader() ? OptionalLong.of(info.getCurrentTerm()) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  Watch watch(String key, Consumer<VersionedDocument> listener) {
    return stateMachine.watch(key, listener);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("closing Raft peer {} failed", peer, e);
    } finally {
      closeHelpers();
    }
  }

  private void closeHelpers() {
    timers.close();
    watches.close();
    proposer.close();
  }
}
