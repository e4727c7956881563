package dev.baton.agent.api;

import dev.baton.coord.raft.Peer;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/raft/add?id=ID&address=HOST:PORT[&apiUrl=URL]} and
 * {@code POST /api/raft/remove?id=ID}: changes of the managers' Raft group, with one-line
 * refusals for bad parameters.
 */
final class RaftMembershipCalls {
  private RaftMembershipCalls() {}

  static boolean handles(String path) {
    return path.equals("api/raft/add") || path.equals("api/raft/remove");
  }

  /** Makes the change and returns the message for the caller. */
  static String run(String path, Map<String, String> q, RaftMembers members) {
    String id = Optional.ofNullable(q.get("id")).filter(s -> !s.isBlank())
        .orElseThrow(() -> new InvalidSettingException("id is missing: give the Raft peer's id"));
    if (path.equals("api/raft/remove")) {
      return members.remove(id);
    }
    InstanceAddress address = InstanceAddress.parse(Optional.ofNullable(q.get("address"))
        .orElseThrow(() -> new InvalidSettingException("address is missing: give the new peer's Raft address as HOST:PORT")));
    Optional<String> apiUrl = Optional.ofNullable(q.get("apiUrl")).filter(s -> !s.isBlank()).map(RaftMembershipCalls::apiUrl);
    Peer joining;
    try {
      joining = new Peer(id, address);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(e.getMessage());
    }
    return members.add(joining, apiUrl);
  }

  /** An http(s) URL with a host, as the agents' own APIs have; anything else is refused. */
  static String apiUrl(String text) {
    try {
      URI uri = new URI(text);
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(text, "not an http(s) URL with a host");
      }
      return text.replaceAll("/+$", "");
    } catch (URISyntaxException e) {
      throw new InvalidSettingException("apiUrl '" + InvalidSettingException.shown(text)
          + "' is not an http(s) URL with a host, e.g. http://10.0.0.5:3000");
    }
  }
}
