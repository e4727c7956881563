package dev.baton.agent.api;

import dev.baton.coord.raft.RaftState;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The managers' Raft group as {@code GET /api/raft-peers} and {@code baton raft peers --json}
 * show it: {@code {"leader": ID, "peers": [{"id", "raftAddress", "apiUrl", "healthy"}]}}.
 * A peer is healthy when its agent answers its health check within {@link #HEALTH_TIMEOUT}.
 */
public record RaftPeersView(String leader, List<Peer> peers) {
  public static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);

  public record Peer(String id, String raftAddress, String apiUrl, boolean healthy) {}

  static RaftPeersView of(ClusterSpec spec, RaftState local, HttpClient http) {
    List<CompletableFuture<Peer>> checks = spec.nodes().stream().map(n -> {
      String api = "http://" + new InstanceAddress(spec.host(), n.apiPort());
      return http.sendAsync(HttpRequest.newBuilder(URI.create(api + "/api/health")).timeout(HEALTH_TIMEOUT).build(),
              HttpResponse.BodyHandlers.discarding())
          .thenApply(r -> r.statusCode() == 200)
          .exceptionally(e -> false)
          .thenApply(ok -> new Peer(n.name(), new InstanceAddress(spec.host(), n.raftPort()).toString(), api, ok));
    }).toList();
    return new RaftPeersView(local.leader().orElse(null), checks.stream().map(CompletableFuture::join).toList());
  }
}
