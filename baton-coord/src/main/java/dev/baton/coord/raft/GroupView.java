package dev.baton.coord.raft;

import java.util.List;
import java.util.Set;

/**
 * The Raft group as its leader sees it: the members of its configuration (both the old and the
 * new ones while a change is being committed) and which members answered the leader lately. By
 * the time a caller uses it, the group may have moved on; a change made on it is compared-and-set.
 */
record GroupView(String leader, List<Peer> members, Set<String> answering) {
  GroupView {
    members = List.copyOf(members);
    answering = Set.copyOf(answering);
  }
}
