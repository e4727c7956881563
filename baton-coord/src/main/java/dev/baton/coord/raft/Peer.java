package dev.baton.coord.raft;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/** One member of the managers' Raft group: its id and the address its Raft port listens on. */
public record Peer(String id, InstanceAddress raftAddress) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");

  public Peer {
    Objects.requireNonNull(id, "peer id");
    Objects.requireNonNull(raftAddress, "raft address");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Raft peer id '" + id
          + "' is not allowed: use 1-40 letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
  }

  @Override
  public String toString() {
    return id + "@" + raftAddress;
  }
}
