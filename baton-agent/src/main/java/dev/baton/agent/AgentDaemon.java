package dev.baton.agent;

import dev.baton.agent.api.ApiServer;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.monitor.Monitor;
import dev.baton.agent.monitor.MonitorSettings;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.core.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one node: monitors the whole cluster and serves the HTTP API until it is told
 * to stop (SIGTERM).
 */
public final class AgentDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentDaemon.class);

  private final Monitor monitor;
  private final ApiServer api;

  private AgentDaemon(Monitor monitor, ApiServer api) {
    this.monitor = monitor;
    this.api = api;
  }

  public static AgentDaemon start(ClusterDirectory dir, int nodeId, MonitorSettings settings) throws IOException {
    ClusterSpec spec = dir.loadSpec();
    NodeSpec node = spec.node(nodeId);
    Credentials credentials = dir.credentials().load();
    Monitor monitor = new Monitor(spec, DbUser.MONITOR.userName(), credentials.password(DbUser.MONITOR),
        () -> readTopology(dir), settings, Clock.systemUTC());
    ApiServer api;
    try {
      api = new ApiServer(spec, nodeId, node.apiPort(), monitor);
    } catch (IOException e) {
      monitor.close();
      throw e;
    }
    monitor.start();
    api.start();
    log.info("agent of {} in cluster '{}' started (pid {}), monitoring {} with {}", node.name(), spec.name(),
        ProcessHandle.current().pid(), spec.instances(), settings);
    return new AgentDaemon(monitor, api);
  }

  /** Read each round: the topology changes when a primary changes, and this file is where it is recorded. */
  private static Optional<Topology> readTopology(ClusterDirectory dir) {
    try {
      return dir.loadTopology();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.topologyFile(), e);
    }
  }

  /** Runs until the JVM is asked to stop. */
  public void awaitShutdown() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("agent stopping");
      close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  @Override
  public void close() {
    api.close();
    monitor.close();
  }
}
