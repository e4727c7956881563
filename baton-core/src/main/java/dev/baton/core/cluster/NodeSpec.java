package dev.baton.core.cluster;

/**
 * One node of a local cluster: its database instance and the ports of the agent that manages it.
 *
 * @param id 1-based node number, also the server id
 * @param mysqlPort port of the database instance
 * @param apiPort HTTP API and web UI port of the node's agent (the seed's 3000)
 * @param raftPort port reserved for the agents' Raft group (the seed's 10008)
 */
public record NodeSpec(int id, int mysqlPort, int apiPort, int raftPort) {
  public NodeSpec {
    if (id < 1) {
      throw new IllegalArgumentException("node id must be >= 1, got " + id);
    }
  }

  public String name() {
    return "node" + id;
  }

  public InstanceAddress address(String host) {
    return new InstanceAddress(host, mysqlPort);
  }
}
