package dev.baton.coord.raft;

import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and removes members of the managers' Raft group. Each change reads the group from its
 * leader (through any member), decides with {@link MembershipChange}, and asks the leader to
 * replace exactly the configuration it read (compare-and-set), so that two changes at once
 * cannot both pass on a stale view.
 */
public final class GroupMembership {
  /**
   * How long a change may take: the leader first copies its log (or a snapshot) to a new member,
   * then commits the new configuration on a majority of both the old and the new members.
   */
  public static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

  private final RaftSettings settings;
  /** Where to ask first, then the members known from the settings (the first may have been removed). */
  private final List<InstanceAddress> entries;

  /**
   * Changes the group of {@code settings}, entering it through the member at {@code entry} or,
   * when it does not answer, through another of the settings' peers.
   */
  public GroupMembership(RaftSettings settings, InstanceAddress entry) {
    this.settings = settings;
    this.entries = Stream.concat(Stream.of(entry), settings.peers().stream().map(Peer::raftAddress)).distinct().toList();
  }

  /** Adds {@code joining}, whose Raft server must be running to receive the group's state. Returns the new members. */
  public List<Peer> add(Peer joining) {
    GroupView view = view();
    List<Peer> next = MembershipChange.adding(view.members(), joining);
    change(view, next, "add Raft peer " + joining);
    return next;
  }

  /** Removes member {@code id}: from now on it no longer counts for the quorum. Returns the new members. */
  public List<Peer> remove(String id) {
    GroupView view = view();
    List<Peer> next = MembershipChange.removing(view.members(), id, view.answering());
    change(view, next, "remove Raft peer " + id);
    return next;
  }

  /**
   * The group as its leader sees it. The first entry that answers names the members; the leader
   * is the one of them that says it leads (a follower may not know it yet, just after an
   * election). Fails when no entry answers or no member leads.
   */
  GroupView view() {
    GroupInfoReply first = entries.stream()
        .map(a -> answerOf(RaftPeer.newBuilder().setId("entry").setAddress(a.toString()).build()))
        .flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> new CoordinationUnavailableException("could not read the Raft group's members: no peer"
            + " answered at " + entries + "; is a majority running?", null));
    GroupInfoReply fromLeader = isLeader(first) ? first : first.getGroup().getPeers().stream()
        .map(this::answerOf).flatMap(Optional::stream).filter(GroupMembership::isLeader).findFirst()
        .orElseThrow(() -> new CoordinationUnavailableException("could not read the Raft group's members: none of "
            + RatisConfig.peers(first.getGroup().getPeers()) + " leads; is a majority running?", null));
    RoleInfoProto leaderRole = fromLeader.getRoleInfoProto();
    String leaderId = leaderRole.getSelf().getId().toStringUtf8();
    Set<String> answering = new HashSet<>();
    answering.add(leaderId);
    long recentMillis = settings.electionTimeoutMax().multipliedBy(2).toMillis();
    for (ServerRpcProto f : leaderRole.getLeaderInfo().getFollowerInfoList()) {
      if (f.getLastRpcElapsedTimeMs() <= recentMillis) {
        answering.add(f.getId().getId().toStringUtf8());
      }
    }
    return new GroupView(leaderId, RatisConfig.peers(fromLeader.getGroup().getPeers()), answering);
  }

  private void change(GroupView view, List<Peer> next, String attempted) {
    RaftGroup current = RatisConfig.group(settings, view.members());
    var arguments = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInCurrentConf(current.getPeers().stream().toList())
        .setServersInNewConf(next.stream().map(RatisConfig::peer).toList())
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build();
    try (RaftClient client = client(current, RaftPeerId.valueOf(view.leader()), CHANGE_TIMEOUT)) {
      RaftClientReply reply = client.admin().setConfiguration(arguments);
      if (!reply.isSuccess()) {
        throw CoordinationUnavailableException.failed(attempted, "Raft leader " + view.leader(), reply.getException());
      }
      log.info("Raft group {}: {} done; members now {}", settings.group(), attempted, next);
    } catch (IOException e) {
      throw CoordinationUnavailableException.failed(attempted, "Raft leader " + view.leader(), e);
    }
  }

  private static boolean isLeader(GroupInfoReply reply) {
    return reply.getRoleInfoProto().getRole() == RaftPeerRole.LEADER;
  }

  private Optional<GroupInfoReply> answerOf(RaftPeer member) {
    try {
      return Optional.of(info(member));
    } catch (CoordinationUnavailableException e) {
      return Optional.empty();
    }
  }

  private GroupInfoReply info(RaftPeer target) {
    RaftGroup group = RaftGroup.valueOf(RatisConfig.group(settings, List.of()).getGroupId(), target);
    try (RaftClient client = client(group, target.getId(), settings.requestTimeout())) {
      return client.getGroupManagementApi(target.getId()).info(group.getGroupId());
    } catch (IOException | RuntimeException e) {
      // A peer that was removed answers with a gRPC status (unchecked) about its closed log.
      throw CoordinationUnavailableException.failed("read the Raft group's members",
          "Raft peer at " + target.getAddress(), e);
    }
  }

  /** A client that tries once: each call ends within {@code timeout}, and a change is never sent twice. */
  private static RaftClient client(RaftGroup group, RaftPeerId leader, Duration timeout) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(timeout.toMillis(), TimeUnit.MILLISECONDS));
    return RaftClient.newBuilder().setRaftGroup(group).setLeaderId(leader).setProperties(p)
        .setRetryPolicy(RetryPolicies.noRetry()).build();
  }
}
