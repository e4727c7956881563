package dev.baton.agent.local;

import dev.baton.agent.json.Json;
import dev.baton.agent.secrets.FileCredentialStore;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.topology.Topology;
import dev.baton.mysql.server.InstanceLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of a local cluster under one directory:
 * <pre>
 * cluster.json        what the cluster is made of (rewritten only when 'up' moves the router)
 * credentials.json    passwords and API token, mode 0600
 * topology.json       which instance is the primary
 * ready               written when creation finished
 * hooks.json          optional recovery hooks
 * nodeN/              the instance (my.cnf, data/, mysqld.log) and its agent (agent.log, agent.pid)
 * router.log, router.pid   the router process, when the endpoints are not placed in the agents
 * router.stats        where the router serving the endpoints (process or agent) answers GET /stats
 * archiver.log, archiver.pid   the binlog archiver and backup schedule
 * backups/            the default backup store: full/, incremental/ and binlogs/ per cluster
 * work/               scratch space of backups, restores and the archiver
 * </pre>
 */
public record ClusterDirectory(Path root) {
  public static final String SPEC_FILE = "cluster.json";

  public ClusterDirectory {
    root = root.toAbsolutePath().normalize();
  }

  public Path specFile() {
    return root.resolve(SPEC_FILE);
  }

  public Path topologyFile() {
    return root.resolve("topology.json");
  }

  /** Optional: shell commands to run on recovery events (see {@code Hooks}). */
  public Path hooksFile() {
    return root.resolve("hooks.json");
  }

  public Path readyMarker() {
    return root.resolve("ready");
  }

  public Path lockFile() {
    return root.resolve(".lock");
  }

  public FileCredentialStore credentials() {
    return new FileCredentialStore(root.resolve("credentials.json"));
  }

  public Path nodeDir(NodeSpec node) {
    return root.resolve(node.name());
  }

  public InstanceLayout instance(NodeSpec node) {
    return new InstanceLayout(nodeDir(node));
  }

  public Path agentPid(NodeSpec node) {
    return nodeDir(node).resolve("agent.pid");
  }

  public Path agentLog(NodeSpec node) {
    return nodeDir(node).resolve("agent.log");
  }

  public Path routerPid() {
    return root.resolve("router.pid");
  }

  public Path routerLog() {
    return root.resolve("router.log");
  }

  /** The URL of the router's {@code GET /stats}, written by the router once it listens. */
  public Path routerStatsUrl() {
    return root.resolve("router.stats");
  }

  /** Says where the router that serves the endpoints now answers {@code GET /stats}. */
  public void publishRouterStats(String url) throws IOException {
    writeAtomically(routerStatsUrl(), (url + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Takes back what {@link #publishRouterStats} said, unless another router has said something
   * else since: when one agent stops serving the endpoints, another may already have started.
   */
  public void withdrawRouterStats(String url) throws IOException {
    if (Files.exists(routerStatsUrl()) && Files.readString(routerStatsUrl()).strip().equals(url)) {
      Files.deleteIfExists(routerStatsUrl());
    }
  }

  public Path archiverPid() {
    return root.resolve("archiver.pid");
  }

  public Path archiverLog() {
    return root.resolve("archiver.log");
  }

  /** Held by the archiver daemon while it runs: two archivers of one cluster would archive everything twice. */
  public Path archiverLock() {
    return root.resolve(".archiver.lock");
  }

  /** The seed's backup_lock, locally: one backup at a time. */
  public Path backupLock() {
    return root.resolve(".backup.lock");
  }

  /** The default backup store: a directory beside the cluster (elsewhere: S3, see 'baton backup'). */
  public Path backupStore() {
    return root.resolve("backups");
  }

  public Path workDir() {
    return root.resolve("work");
  }

  public boolean holdsCluster() {
    return Files.exists(specFile());
  }

  /** Whether the directory is absent or empty, i.e. a new cluster may be created in it. */
  public boolean isEmptyOrAbsent() throws IOException {
    if (!Files.exists(root)) {
      return true;
    }
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.findAny().isEmpty();
    }
  }

  public ClusterSpec loadSpec() throws IOException {
    if (!holdsCluster()) {
      throw new ClusterStateException("no Baton cluster in " + root + " (no " + SPEC_FILE
          + "): create one with 'baton up --dir " + root + "'");
    }
    return Json.MAPPER.readValue(specFile().toFile(), ClusterSpec.class);
  }

  public void writeSpec(ClusterSpec spec) throws IOException {
    writeAtomically(specFile(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
  }

  public Optional<Topology> loadTopology() throws IOException {
    if (!Files.exists(topologyFile())) {
      return Optional.empty();
    }
    return Optional.of(Json.MAPPER.readValue(topologyFile().toFile(), Topology.class));
  }

  public void writeTopology(Topology topology) throws IOException {
    writeAtomically(topologyFile(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(topology));
  }

  /**
   * Readers never see a half-written file: write beside it, then rename over it. Each writer
   * has its own temporary file, since every agent of a local cluster mirrors the topology here.
   */
  private static void writeAtomically(Path file, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
