package dev.baton.core.cluster;

/**
 * Where a local cluster's write and read endpoints run. Either way the router follows the
 * routing the agents publish and counts in the switchover's write hold; only what keeps the
 * endpoints' ports open differs.
 */
public enum RouterPlacement {
  /** A router process of its own beside the agents; the endpoints are down while it is. */
  PROCESS("process"),
  /**
   * Inside the agents: the first agent to bind the ports serves the endpoints and the others
   * stand by, so the endpoints outlive any one agent (another takes the ports over within a
   * second). Costs the agents' JVMs the proxy's threads and memory.
   */
  AGENTS("agents");

  /** What a cluster gets when 'baton up' is not told, and what a cluster created before the setting has. */
  public static final RouterPlacement DEFAULT = PROCESS;

  private final String id;

  RouterPlacement(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static RouterPlacement parse(String text) {
    return Choices.parse(values(), RouterPlacement::id, "router placement", text);
  }

  @Override
  public String toString() {
    return id;
  }
}
