package dev.baton.agent.local;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.mysql.server.Pids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts and stops the Java daemons of a local cluster (one agent per node, one router, one
 * binlog archiver) as detached processes with their own session, logs and pid files.
 *
 * @param batonCommand the words that run the baton CLI in a new JVM (java, options, classpath, main class)
 */
public record Daemons(ClusterDirectory dir, List<String> batonCommand) {
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);
  /**
   * The agents' CPU niceness, above the database servers' and clients' (0). A host whose CPUs
   * the database and its clients saturate otherwise starves the agent's Raft heartbeats for
   * seconds, enough to cost the Raft leader its majority and the primary its master_lock. It does
   * nothing against a stall of the whole machine (seen here too: every JVM paused at once).
   * Raising a priority needs root (CAP_SYS_NICE); without it, nice says so in the agent's log and
   * the agent runs at 0.
   *
   * <p>Where the kernel groups processes by session for scheduling (autogroup, on by default in
   * Debian), a nice value only ranks threads within their session, and each daemon has one of its
   * own: the agent's session gets the same niceness, or it would be one equal among the others.
   */
  public static final int DEFAULT_AGENT_NICENESS = -5;

  public Daemons {
    batonCommand = List.copyOf(batonCommand);
  }

  public long startAgent(NodeSpec node) throws IOException {
    return start(atNiceness(DEFAULT_AGENT_NICENESS),
        List.of("agent", "--dir", dir.root().toString(), "--node", Integer.toString(node.id())),
        dir.agentLog(node), dir.agentPid(node));
  }

  public long startRouter(ClusterSpec spec) throws IOException {
    String agents = spec.nodes().stream().map(n -> "http://" + spec.host() + ":" + n.apiPort())
        .collect(Collectors.joining(","));
    return start(List.of(), List.of("router", "--bind", spec.host(), "--write-port", Integer.toString(spec.writePort()),
        "--read-port", Integer.toString(spec.readPort()), "--agents", agents, "--owner", dir.root().toString()),
        dir.routerLog(), dir.routerPid());
  }

  /** The binlog archiver and backup schedule: one process per cluster, beside the router. */
  public long startArchiver() throws IOException {
    return start(List.of(), List.of("archiver", "--dir", dir.root().toString()), dir.archiverLog(), dir.archiverPid());
  }

  /** Words that run a command at a niceness, its session's scheduling group included when the kernel has one. */
  private static List<String> atNiceness(int niceness) {
    return List.of("sh", "-c", "{ echo " + niceness + " >/proc/self/autogroup; } 2>/dev/null; exec nice -n " + niceness
        + " \"$@\"", "baton-daemon");
  }

  /** @param wrapper words that run the JVM, e.g. {@link #atNiceness}; they exec it, so the pid stays the daemon's */
  private long start(List<String> wrapper, List<String> args, Path log, Path pidFile) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(wrapper);
    cmd.addAll(batonCommand);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Pids.write(pidFile, p.pid());
    return p.pid();
  }

  public Optional<ProcessHandle> agent(NodeSpec node) {
    return alive(dir.agentPid(node));
  }

  public Optional<ProcessHandle> router() {
    return alive(dir.routerPid());
  }

  public Optional<ProcessHandle> archiver() {
    return alive(dir.archiverPid());
  }

  /** A pid file's process, if it still runs and is one of this cluster's daemons (pids get reused). */
  private Optional<ProcessHandle> alive(Path pidFile) {
    return Pids.read(pidFile).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(dir.root().toString())).orElse(false));
  }

  /** Stops the router, the archiver and every agent, all at once. */
  public void stopAll(ClusterSpec spec) throws InterruptedException, IOException {
    Map<ProcessHandle, String> running = new LinkedHashMap<>();
    router().ifPresent(h -> running.put(h, "router"));
    archiver().ifPresent(h -> running.put(h, "archiver"));
    for (NodeSpec n : spec.nodes()) {
      agent(n).ifPresent(h -> running.put(h, "agent of " + n.name()));
    }
    Pids.terminateAll(running, DEFAULT_STOP_TIMEOUT);
    Files.deleteIfExists(dir.routerPid());
    Files.deleteIfExists(dir.routerStatsUrl());
    Files.deleteIfExists(dir.archiverPid());
    for (NodeSpec n : spec.nodes()) {
      Files.deleteIfExists(dir.agentPid(n));
    }
  }
}
