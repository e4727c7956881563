package dev.baton.agent.api;

import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationUnavailableException;
import dev.baton.coord.VersionedDocument;
import dev.baton.coord.raft.GroupMembership;
import dev.baton.coord.raft.Peer;
import dev.baton.coord.raft.RaftPeerServer;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The managers' Raft group as the API shows and changes it: its members and the API URL of each,
 * which is the node's own for the cluster's nodes and, for a peer added with one, the URL kept
 * in the coordination store.
 */
public final class RaftMembers {
  private final ClusterSpec spec;
  private final RaftPeerServer local;
  private final GroupMembership membership;
  private final CoordinationStore store;

  public RaftMembers(ClusterSpec spec, RaftPeerServer local, CoordinationStore store) {
    this.spec = spec;
    this.local = local;
    this.membership = new GroupMembership(local.settings(), local.peer().raftAddress());
    this.store = store;
  }

  /** The members as the local peer's configuration has them. */
  List<Peer> members() {
    return local.members();
  }

  /** The API of member {@code id}: empty when it is not a node and was added without one, or the store does not answer. */
  Optional<String> apiUrl(String id) {
    Optional<String> node = spec.nodes().stream().filter(n -> n.name().equals(id)).findFirst()
        .map(n -> "http://" + new InstanceAddress(spec.host(), n.apiPort()));
    if (node.isPresent()) {
      return node;
    }
    try {
      return store.get(key(id)).map(d -> new String(d.value(), StandardCharsets.UTF_8));
    } catch (CoordinationUnavailableException e) {
      return Optional.empty();
    }
  }

  String add(Peer joining, Optional<String> apiUrl) {
    String done = "added Raft peer " + joining + "; members now " + ids(membership.add(joining));
    return apiUrl.map(url -> done + rememberApiUrl(joining.id(), url)).orElse(done);
  }

  String remove(String id) {
    return "removed Raft peer " + id + "; members now " + ids(membership.remove(id));
  }

  /** The peer is a member already: a URL that could not be kept is reported, not a failure of the addition. */
  private String rememberApiUrl(String id, String url) {
    try {
      long version = store.get(key(id)).map(VersionedDocument::version).orElse(0L);
      CasResult r = store.compareAndSet(key(id), version, url.getBytes(StandardCharsets.UTF_8));
      return r.written() ? "; API " + url : "; its API URL was changed by another call meanwhile";
    } catch (CoordinationUnavailableException e) {
      return "; its API URL could not be kept: " + e.getMessage();
    }
  }

  private String key(String id) {
    return "clusters/" + spec.name() + "/raft-api-urls/" + id;
  }

  private static String ids(List<Peer> members) {
    return members.stream().map(Peer::id).collect(Collectors.joining(", "));
  }
}
