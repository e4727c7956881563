package dev.baton.agent.local;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.RouterPlacement;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemons of a local cluster that are not running: {@code up} starts these, all of them for a
 * stopped cluster, the ones that died for a running one.
 *
 * @param agents the nodes whose agents are not running
 * @param router whether the router process is to be started (never when the agents serve the endpoints)
 * @param archiver whether the binlog archiver is not running
 */
record StoppedDaemons(List<NodeSpec> agents, boolean router, boolean archiver) {
  StoppedDaemons {
    agents = List.copyOf(agents);
  }

  static StoppedDaemons all(ClusterSpec spec) {
    return new StoppedDaemons(spec.nodes(), spec.router() == RouterPlacement.PROCESS, true);
  }

  boolean none() {
    return agents.isEmpty() && !router && !archiver;
  }

  /** The ports these daemons listen on: each agent's API and Raft ports, the router's endpoints. */
  List<Integer> ports(ClusterSpec spec) {
    List<Integer> ports = new ArrayList<>();
    agents.forEach(n -> ports.addAll(List.of(n.apiPort(), n.raftPort())));
    if (router) {
      ports.addAll(List.of(spec.writePort(), spec.readPort()));
    }
    return ports;
  }

  /** E.g. "the agent of node2, the router and the archiver". */
  String describe() {
    List<String> names = new ArrayList<>();
    agents.forEach(n -> names.add("the agent of " + n.name()));
    if (router) {
      names.add("the router");
    }
    if (archiver) {
      names.add("the archiver");
    }
    int last = names.size() - 1;
    return last < 1 ? String.join("", names) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
  }
}
