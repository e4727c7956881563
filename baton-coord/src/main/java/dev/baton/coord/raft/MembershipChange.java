package dev.baton.coord.raft;

import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a change of the Raft group's members may be made, and the members after it. Pure: the
 * current members and which of them answer the leader are passed in. A refusal is an exception
 * with one line that names the peer and what is wrong.
 */
final class MembershipChange {
  private MembershipChange() {}

  /** The members once {@code joining} is added; refused when its id or Raft address is taken. */
  static List<Peer> adding(List<Peer> current, Peer joining) {
    for (Peer p : current) {
      if (p.id().equals(joining.id())) {
        throw new InvalidSettingException("Raft peer id '" + joining.id() + "' is already a member (" + p
            + "); members: " + ids(current));
      }
      if (p.raftAddress().equals(joining.raftAddress())) {
        throw new InvalidSettingException("Raft address " + joining.raftAddress() + " is already used by peer " + p
            + "; give the new peer an address of its own");
      }
    }
    List<Peer> next = new ArrayList<>(current);
    next.add(joining);
    return List.copyOf(next);
  }

  /**
   * The members once peer {@code id} is removed. Refused when it is not a member, when no member
   * would be left, or when the members that answer ({@code answering}) would not be a majority of
   * those left: the group could then commit nothing more.
   */
  static List<Peer> removing(List<Peer> current, String id, Set<String> answering) {
    if (current.stream().noneMatch(p -> p.id().equals(id))) {
      throw new InvalidSettingException("no Raft peer '" + InvalidSettingException.shown(id) + "'; members: "
          + ids(current));
    }
    List<Peer> next = current.stream().filter(p -> !p.id().equals(id)).toList();
    if (next.isEmpty()) {
      throw new ClusterStateException("refusing to remove Raft peer '" + id + "': it is the last member");
    }
    long answeringLeft = next.stream().filter(p -> answering.contains(p.id())).count();
    if (answeringLeft < majority(next.size())) {
      throw new ClusterStateException("refusing to remove Raft peer '" + id + "': of the " + next.size()
          + " peers left (" + ids(next) + ") only " + answeringLeft + " answer, fewer than the majority of "
          + majority(next.size()) + " the group needs to go on");
    }
    return next;
  }

  /** The least number of members that make a quorum of a group of {@code size}. */
  static int majority(int size) {
    return size / 2 + 1;
  }

  private static String ids(List<Peer> peers) {
    return peers.stream().map(Peer::id).collect(Collectors.joining(", "));
  }
}
