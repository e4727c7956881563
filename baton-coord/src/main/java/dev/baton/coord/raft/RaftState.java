package dev.baton.coord.raft;

import java.util.Optional;

/**
 * One peer's view of the Raft group.
 *
 * @param role leader, follower, candidate, listener, or unavailable
 * @param appliedIndex the last log index applied to this peer's state machine
 */
public record RaftState(String peer, Optional<String> leader, String role, long term, long appliedIndex) {}
