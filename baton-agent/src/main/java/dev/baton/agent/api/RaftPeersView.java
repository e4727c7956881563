package dev.baton.agent.api;

import dev.baton.coord.raft.RaftState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The managers' Raft group as {@code GET /api/raft-peers} and {@code baton raft peers --json}
 * show it: {@code {"leader": ID, "peers": [{"id", "raftAddress", "apiUrl", "healthy"}]}}, the
 * peers being the members of the group's configuration (which {@code baton raft add|remove}
 * change). A peer is healthy when its agent answers its health check within
 * {@link #HEALTH_TIMEOUT}; a peer whose API is unknown (not one of the cluster's nodes, added
 * without {@code --api-url}) shows {@code apiUrl} null and is not healthy.
 */
public record RaftPeersView(String leader, List<Peer> peers) {
  public static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);

  public record Peer(String id, String raftAddress, String apiUrl, boolean healthy) {}

  static RaftPeersView of(RaftState local, RaftMembers members, HttpClient http) {
    List<CompletableFuture<Peer>> checks = members.members().stream().map(m -> {
      String raftAddress = m.raftAddress().toString();
      Optional<String> api = members.apiUrl(m.id());
      if (api.isEmpty()) {
        return CompletableFuture.completedFuture(new Peer(m.id(), raftAddress, null, false));
      }
      return http.sendAsync(HttpRequest.newBuilder(URI.create(api.get() + "/api/health")).timeout(HEALTH_TIMEOUT).build(),
              HttpResponse.BodyHandlers.discarding())
          .thenApply(r -> r.statusCode() == 200)
          .exceptionally(e -> false)
          .thenApply(ok -> new Peer(m.id(), raftAddress, api.get(), ok));
    }).toList();
    return new RaftPeersView(local.leader().orElse(null), checks.stream().map(CompletableFuture::join).toList());
  }
}
