package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.util.List;
import java.util.Optional;

/** The two doors into the cluster, and the rules in which they differ. */
enum Endpoint {
  /**
   * Fails closed: only the routed primary, one connect attempt, and a connection is cut as soon
   * as its instance stops being the write target, so a demoted primary gets no more writes. A
   * primary handing over keeps its connections while new ones are held: its fence ends them.
   */
  WRITE("write", 1) {
    @Override
    List<InstanceAddress> candidates(Routing routing) {
      return routing.write().stream().toList();
    }

    @Override
    Verdict judge(InstanceAddress target, Routing routing, RouterSettings settings) {
      Optional<InstanceAddress> t = Optional.of(target);
      return routing.write().equals(t) || routing.handingOver().equals(t) ? Verdict.KEEP : Verdict.CUT;
    }
  },
  /**
   * Any routed replica may serve. A replica that leaves the read set (too far behind, stopped,
   * gone) keeps its sessions for the drain time, as a load balancer's deregistration delay
   * does, so that short queries finish; one promoted to primary keeps them if so configured.
   */
  READ("read", 2) {
    @Override
    List<InstanceAddress> candidates(Routing routing) {
      return routing.read();
    }

    @Override
    Verdict judge(InstanceAddress target, Routing routing, RouterSettings settings) {
      boolean promoted = routing.write().equals(Optional.of(target));
      return routing.read().contains(target) || promoted && settings.keepReadsOnPromotion()
          ? Verdict.KEEP
          : Verdict.DRAIN;
    }
  };

  /** What happens to an open connection once a routing is in force. */
  enum Verdict { KEEP, DRAIN, CUT }

  private final String label;
  private final int connectAttempts;

  Endpoint(String label, int connectAttempts) {
    this.label = label;
    this.connectAttempts = connectAttempts;
  }

  /** Instances a new connection may go to, in routing order; empty means hold the client. */
  abstract List<InstanceAddress> candidates(Routing routing);

  /** Whether an open connection to {@code target} stays, drains or is cut once {@code routing} is in force. */
  abstract Verdict judge(InstanceAddress target, Routing routing, RouterSettings settings);

  /** How many instances a new connection tries before the client is closed. */
  int connectAttempts() {
    return connectAttempts;
  }

  @Override
  public String toString() {
    return label;
  }
}
