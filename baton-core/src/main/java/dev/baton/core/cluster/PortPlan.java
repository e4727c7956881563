package dev.baton.core.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The ports of a new local cluster: the endpoint ports the user asked for, and for the rest the
 * seed's well-known ports when they are free, otherwise the nearest free ones above them. Pure:
 * whether a port is free is asked of the caller.
 */
public record PortPlan(int writePort, int readPort, List<NodeSpec> nodes) {
  public static final int WRITE_PORT = 3306;
  public static final int READ_PORT = 3307;
  public static final int FIRST_INSTANCE_PORT = 3310;
  public static final int FIRST_API_PORT = 3000;
  public static final int FIRST_RAFT_PORT = 10008;
  /** How far above a preferred port to look before giving up. */
  public static final int SEARCH_SPAN = 2000;

  public PortPlan {
    nodes = List.copyOf(nodes);
  }

  /**
   * The plan for {@code count} nodes; {@code host} only names the ports in refusals.
   *
   * @throws ClusterStateException when a requested port is not free
   * @throws InvalidSettingException when no free port is near a preferred one
   */
  public static PortPlan choose(NodeCount count, IntPredicate isFree, RequestedPorts requested, String host) {
    Set<Integer> taken = new HashSet<>();
    // Requested ports first, so that no chosen port takes one of them.
    requested.write().ifPresent(p -> reserve(p, isFree, taken, requested, host));
    requested.read().ifPresent(p -> reserve(p, isFree, taken, requested, host));
    Chooser chooser = new Chooser(isFree, taken);
    int write = requested.write().orElseGet(() -> chooser.next(WRITE_PORT, "write endpoint"));
    int read = requested.read().orElseGet(() -> chooser.next(READ_PORT, "read endpoint"));
    List<NodeSpec> nodes = new ArrayList<>();
    int mysql = FIRST_INSTANCE_PORT;
    int api = FIRST_API_PORT;
    int raft = FIRST_RAFT_PORT;
    for (int id = 1; id <= count.value(); id++) {
      mysql = chooser.next(mysql, "instance of node" + id);
      api = chooser.next(api, "API of node" + id);
      raft = chooser.next(raft, "Raft of node" + id);
      nodes.add(new NodeSpec(id, mysql, api, raft));
    }
    return new PortPlan(write, read, nodes);
  }

  /** All ports of the plan, for checking that they are still free when a cluster resumes. */
  public List<Integer> allPorts() {
    List<Integer> all = new ArrayList<>(List.of(writePort, readPort));
    nodes.forEach(n -> all.addAll(List.of(n.mysqlPort(), n.apiPort(), n.raftPort())));
    return all;
  }

  private static void reserve(int port, IntPredicate isFree, Set<Integer> taken, RequestedPorts requested, String host) {
    if (!isFree.test(port)) {
      throw new ClusterStateException(requested.takenMessage(host, port));
    }
    taken.add(port);
  }

  private record Chooser(IntPredicate isFree, Set<Integer> taken) {
    int next(int preferred, String purpose) {
      for (int p = preferred; p < preferred + SEARCH_SPAN && p <= 65535; p++) {
        if (!taken.contains(p) && isFree.test(p)) {
          taken.add(p);
          return p;
        }
      }
      throw new InvalidSettingException("no free port for the " + purpose + " between " + preferred + " and "
          + (preferred + SEARCH_SPAN - 1) + ": stop some of the programs listening there");
    }
  }
}
