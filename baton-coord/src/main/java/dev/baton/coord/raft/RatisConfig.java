package dev.baton.coord.raft;

import java.nio.charset.StandardCharsets;
import dev.baton.core.cluster.InstanceAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** Turns {@link RaftSettings} into Ratis's group, properties and retry policy. */
final class RatisConfig {
  /** Pause between a client's attempts while the group has no leader. */
  static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(100, TimeUnit.MILLISECONDS);

  private RatisConfig() {}

  /** The group id is derived from the group's name, so that every peer computes the same one. */
  static RaftGroup group(RaftSettings settings) {
    return group(settings, settings.peers());
  }

  /** The group of {@code settings} with {@code members} as its configuration. */
  static RaftGroup group(RaftSettings settings, List<Peer> members) {
    UUID id = UUID.nameUUIDFromBytes(("baton-coord:" + settings.group()).getBytes(StandardCharsets.UTF_8));
    return RaftGroup.valueOf(RaftGroupId.valueOf(id), members.stream().map(RatisConfig::peer).toList());
  }

  static RaftPeer peer(Peer p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress().toString()).build();
  }

  /** Ordered by id: Ratis keeps no order. */
  static List<Peer> peers(Collection<RaftPeer> ratis) {
    return ratis.stream().map(p -> new Peer(p.getId().toString(), InstanceAddress.parse(p.getAddress())))
        .sorted(Comparator.comparing(Peer::id)).toList();
  }

  static RaftProperties server(RaftSettings settings, Peer self, Path storageDir) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir.toFile()));
    GrpcConfigKeys.Server.setHost(p, self.raftAddress().host());
    GrpcConfigKeys.Server.setPort(p, self.raftAddress().port());
    TimeDuration min = millis(settings.electionTimeoutMin().toMillis());
    TimeDuration max = millis(settings.electionTimeoutMax().toMillis());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    // Leader-bound leases rely on it: a follower that heard from its leader within the minimum
    // election timeout refuses a pre-vote, so no one is elected while a confirmed leader trusts
    // its leadership (RaftSettings.LEADERSHIP_VALIDITY_RATIO).
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    // Ratis keeps a leader that stepped down out of elections for 10 s by default. With one peer
    // dead and the other still catching up (it cannot win), that was 10 s and more without a
    // leader (ManagerQuorumIT, after a 4.5 s stall of the machine): one election timeout is enough
    // to keep a stepped-down leader from contesting at once.
    RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, max);
    // Reads go through ReadIndex: a leader cut off from the majority cannot answer from stale state.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, millis(settings.requestTimeout().toMillis()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotThreshold());
    return p;
  }

  /**
   * One attempt may take a third of the request timeout, and no attempt starts after the other
   * two thirds: on a machine with CPU to spare a call ends within the request timeout, and a call
   * whose caller stopped waiting ends by itself soon after.
   */
  static RaftProperties client(RaftSettings settings) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(settings.requestTimeout().toMillis() / 3));
    return p;
  }

  /** Retries while the group elects a leader; see {@link #client} for when it gives up. */
  static RetryPolicy retryPolicy(RaftSettings settings) {
    long requestMillis = settings.requestTimeout().toMillis();
    TimeDuration timeout = millis(requestMillis - requestMillis / 3 - RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
    return RequestTypeDependentRetryPolicy.newBuilder()
        .setRetryPolicy(TypeCase.WRITE, RetryPolicies.retryForeverWithSleep(RETRY_SLEEP))
        .setRetryPolicy(TypeCase.READ, RetryPolicies.retryForeverWithSleep(RETRY_SLEEP))
        .setTimeout(TypeCase.WRITE, timeout)
        .setTimeout(TypeCase.READ, timeout)
        .build();
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
