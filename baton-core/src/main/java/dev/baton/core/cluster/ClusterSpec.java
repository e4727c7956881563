package dev.baton.core.cluster;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a local cluster is made of, fixed when it is created: its name, flavor, the host its
 * instances and endpoints listen on, and every node's ports. Only where its router runs may
 * change later (it holds no data).
 *
 * @param appDatabase the database created for applications that use the endpoints
 * @param router where the write and read endpoints run
 * @param proxyProtocol whether the cluster's routers start each backend connection with a PROXY
 *     protocol v2 header, so that the servers see the client's address; the servers accept it
 *     from the cluster's host only, and only when this is set (it is fixed at creation)
 */
public record ClusterSpec(
    String name,
    Flavor flavor,
    String host,
    int writePort,
    int readPort,
    List<NodeSpec> nodes,
    String appDatabase,
    RouterPlacement router,
    boolean proxyProtocol) {

  public static final String DEFAULT_NAME = "local";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_APP_DATABASE = "app";
  /** The servers refuse a header from an address they were not told to accept it from. */
  public static final boolean DEFAULT_PROXY_PROTOCOL = false;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  /** The app user gets every privilege on its database: one of these would make it root. */
  private static final java.util.Set<String> SYSTEM_DATABASES =
      java.util.Set.of("mysql", "sys", "information_schema", "performance_schema", "baton");

  public ClusterSpec {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidSettingException("cluster name '" + name
          + "' is not allowed: use 1-40 lower-case letters, digits and '-', starting with a letter");
    }
    if (!DATABASE.matcher(appDatabase).matches()) {
      throw new InvalidSettingException("application database name '" + appDatabase
          + "' is not allowed: use letters, digits and '_', starting with a letter or '_'");
    }
    if (SYSTEM_DATABASES.contains(appDatabase.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidSettingException("application database name '" + appDatabase
          + "' is a system database: choose another name");
    }
    nodes = List.copyOf(nodes);
    new NodeCount(nodes.size());
    // A spec written before the setting existed has none, and its cluster ran a router process.
    router = router == null ? RouterPlacement.DEFAULT : router;
  }

  public static ClusterSpec of(String name, Flavor flavor, String host, PortPlan ports) {
    return new ClusterSpec(name, flavor, host, ports.writePort(), ports.readPort(), ports.nodes(), DEFAULT_APP_DATABASE,
        RouterPlacement.DEFAULT, DEFAULT_PROXY_PROTOCOL);
  }

  public ClusterSpec withRouter(RouterPlacement placement) {
    return new ClusterSpec(name, flavor, host, writePort, readPort, nodes, appDatabase, placement, proxyProtocol);
  }

  public ClusterSpec withProxyProtocol(boolean enabled) {
    return new ClusterSpec(name, flavor, host, writePort, readPort, nodes, appDatabase, router, enabled);
  }

  public InstanceAddress address(NodeSpec node) {
    return node.address(host);
  }

  public List<InstanceAddress> instances() {
    return nodes.stream().map(this::address).toList();
  }

  public NodeSpec node(int id) {
    return nodes.stream().filter(n -> n.id() == id).findFirst()
        .orElseThrow(() -> new InvalidSettingException("cluster " + name + " has no node " + id + ": it has nodes 1-"
            + nodes.size()));
  }

  public java.util.Optional<NodeSpec> nodeAt(InstanceAddress address) {
    return nodes.stream().filter(n -> address(n).equals(address)).findFirst();
  }

  public InstanceAddress writeEndpoint() {
    return new InstanceAddress(host, writePort);
  }

  public InstanceAddress readEndpoint() {
    return new InstanceAddress(host, readPort);
  }

  public List<Integer> allPorts() {
    return new PortPlan(writePort, readPort, nodes).allPorts();
  }
}
