package dev.baton.agent.local;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.control.ControlException;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.ReplicationBootstrap;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates a new cluster's instances: credentials, my.cnf, data directories, users and
 * replication. Node 1 becomes the first primary. It does not mark the directory ready: the caller
 * does once the endpoints work, so a creation that failed half-way is recognised and never
 * resumed as if it were a cluster.
 */
final class ClusterCreator {
  private final ClusterDirectory dir;
  private final ServerDistribution dist;
  private final ServerSettings settings;
  private final Consumer<String> progress;

  ClusterCreator(ClusterDirectory dir, ServerDistribution dist, ServerSettings settings, Consumer<String> progress) {
    this.dir = dir;
    this.dist = dist;
    this.settings = settings;
    this.progress = progress;
  }

  void create(ClusterSpec spec) throws IOException, InterruptedException {
    // The cluster's routers run on its host, and so connect from its address.
    ServerSettings settings = this.settings.withProxyProtocolNetworks(spec.proxyProtocol() ? spec.host() : "");
    Files.createDirectories(dir.root());
    dir.writeSpec(spec);
    Credentials credentials = Credentials.generate(new SecureRandom());
    dir.credentials().create(credentials);
    progress.accept("initializing " + spec.nodes().size() + " " + spec.flavor() + " instances");
    initializeAll(spec, settings);
    Parallel.forEach(spec.nodes(), n -> new ServerProcess(dist, dir.instance(n)).start(ServerProcess.DEFAULT_START_TIMEOUT));
    progress.accept("creating users and replication");
    ReplicationBootstrap bootstrap = new ReplicationBootstrap(dist, settings);
    NodeSpec first = spec.nodes().get(0);
    bootstrap.primary(dir.instance(first), credentials, spec.appDatabase());
    List<NodeSpec> replicas = spec.nodes().subList(1, spec.nodes().size());
    for (NodeSpec r : replicas) {
      bootstrap.replica(dir.instance(r), spec.address(first), credentials);
    }
    // Semi-sync only now that the replicas are configured: before, each bootstrap commit would
    // wait out the semi-sync timeout for an acknowledgement.
    try {
      InstanceControls.of(spec, credentials, settings).makePrimaryWritable(spec.address(first));
    } catch (ControlException e) {
      throw new IOException("enabling durability on the primary failed: " + e.getMessage(), e);
    }
    dir.writeTopology(new Topology(spec.address(first), replicas.stream().map(spec::address).toList()));
  }

  private void initializeAll(ClusterSpec spec, ServerSettings settings) throws IOException, InterruptedException {
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    for (NodeSpec n : spec.nodes()) {
      InstanceLayout layout = dir.instance(n);
      Files.createDirectories(layout.dir());
      Files.writeString(layout.myCnf(), MyCnf.render(dist, layout, n.id(), spec.address(n), settings, runAs));
    }
    Parallel.forEach(spec.nodes(),
        n -> new ServerProcess(dist, dir.instance(n)).initialize(ServerProcess.DEFAULT_INITIALIZE_TIMEOUT));
  }
}
