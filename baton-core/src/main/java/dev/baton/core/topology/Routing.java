package dev.baton.core.topology;

import dev.baton.core.cluster.InstanceAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the endpoints send new connections: the write endpoint to the primary only, the read
 * endpoint to replicas that replicate and are not too far behind. Decided from the intended
 * topology, the latest observations and the routing in force (for the lag hysteresis), failing
 * closed: a primary that is not seen writable gets no writes.
 *
 * @param write the instance that takes writes; empty while none may (connections are held or refused)
 * @param read instances that take reads, in topology order
 * @param handingOver a primary handing over in a switchover: new write connections are held, but
 *     its open ones are kept until it is fenced (which ends them), so that a connection caught
 *     mid-handshake by the hold is not cut as a failed connection attempt
 */
public record Routing(Optional<InstanceAddress> write, List<InstanceAddress> read, Optional<InstanceAddress> handingOver) {
  public static final Routing NONE = new Routing(Optional.empty(), List.of());

  public Routing {
    read = List.copyOf(read);
  }

  public Routing(Optional<InstanceAddress> write, List<InstanceAddress> read) {
    this(write, read, Optional.empty());
  }

  /**
   * The same routing with writes held: the write endpoints hold new connections until a primary
   * is published. The primary routed until now keeps its open connections; one that was not
   * routed (not seen writable) had none kept already.
   */
  public Routing holdingWrites() {
    return new Routing(Optional.empty(), read, write.or(() -> handingOver));
  }

  /**
   * Pure: the same inputs give the same routing, and deciding again with the result as
   * {@code previous} and the same observations gives it again, so routing changes only when
   * something is observed to change.
   *
   * @param previous the routing in force; replicas in its read set are held to the looser lag limit
   * @param readFallbackToPrimary send reads to the primary when no replica is healthy
   */
  public static Routing decide(Topology topology, Map<InstanceAddress, InstanceObservation> observations,
      Routing previous, LagLimits lagLimits, boolean readFallbackToPrimary) {
    InstanceObservation primary = observations.get(topology.primary());
    Optional<InstanceAddress> write = primary != null && primary.writable() && primary.replica().isEmpty()
        ? Optional.of(topology.primary())
        : Optional.empty();
    List<InstanceAddress> read = topology.replicas().stream()
        .filter(r -> {
          InstanceObservation o = observations.get(r);
          if (o == null || !o.replicating() || !o.replica().get().source().equals(topology.primary())) {
            return false;
          }
          Optional<Long> lag = o.replica().get().lagSeconds();
          return previous.read().contains(r) ? lagLimits.keeps(lag) : lagLimits.admits(lag);
        })
        .toList();
    if (read.isEmpty() && readFallbackToPrimary && write.isPresent()) {
      read = List.of(write.get());
    }
    return new Routing(write, read);
  }
}
