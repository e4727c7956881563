package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.util.List;
import java.util.Optional;

/** The two doors into the cluster, and the rules in which they differ. */
enum Endpoint {
  /**
   * Fails closed: only the routed primary, one connect attempt, and a connection is cut as soon
   * as its instance stops being the write target, so a demoted primary gets no more writes.
   */
  WRITE("write", 1) {
    @Override
    List<InstanceAddress> candidates(Routing routing) {
      return routing.write().stream().toList();
    }

    @Override
    boolean keeps(InstanceAddress target, Routing routing) {
      return routing.write().equals(Optional.of(target));
    }
  },
  /** Any routed replica may serve; a replica that left the read set keeps its sessions until they end. */
  READ("read", 2) {
    @Override
    List<InstanceAddress> candidates(Routing routing) {
      return routing.read();
    }

    @Override
    boolean keeps(InstanceAddress target, Routing routing) {
      return true;
    }
  };

  private final String label;
  private final int connectAttempts;

  Endpoint(String label, int connectAttempts) {
    this.label = label;
    this.connectAttempts = connectAttempts;
  }

  /** Instances a new connection may go to, in routing order; empty means hold the client. */
  abstract List<InstanceAddress> candidates(Routing routing);

  /** Whether an open connection to {@code target} may stay once {@code routing} is in force. */
  abstract boolean keeps(InstanceAddress target, Routing routing);

  /** How many instances a new connection tries before the client is closed. */
  int connectAttempts() {
    return connectAttempts;
  }

  @Override
  public String toString() {
    return label;
  }
}
