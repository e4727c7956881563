package dev.baton.agent.api;

import dev.baton.coord.raft.GroupMembership;
import dev.baton.coord.raft.Peer;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code POST /api/raft/add?id=ID&address=HOST:PORT} and {@code POST /api/raft/remove?id=ID}:
 * changes of the managers' Raft group, with one-line refusals for bad parameters.
 */
final class RaftMembershipCalls {
  private RaftMembershipCalls() {}

  static boolean handles(String path) {
    return path.equals("api/raft/add") || path.equals("api/raft/remove");
  }

  /** Makes the change and returns the message for the caller. */
  static String run(String path, Map<String, String> q, GroupMembership membership) {
    String id = Optional.ofNullable(q.get("id")).filter(s -> !s.isBlank())
        .orElseThrow(() -> new InvalidSettingException("id is missing: give the Raft peer's id"));
    if (path.equals("api/raft/remove")) {
      return "removed Raft peer " + id + "; members now " + ids(membership.remove(id));
    }
    InstanceAddress address = InstanceAddress.parse(Optional.ofNullable(q.get("address"))
        .orElseThrow(() -> new InvalidSettingException("address is missing: give the new peer's Raft address as HOST:PORT")));
    Peer joining;
    try {
      joining = new Peer(id, address);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(e.getMessage());
    }
    return "added Raft peer " + joining + "; members now " + ids(membership.add(joining));
  }

  private static String ids(List<Peer> members) {
    return members.stream().map(Peer::id).collect(Collectors.joining(", "));
  }
}
