package dev.baton.agent.local;

import dev.baton.agent.recovery.HardFence;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerProcess;
import java.time.Duration;
import java.util.Optional;

/**
 * On one machine every instance's process is at hand: SIGKILL, which also ends a stopped
 * (SIGSTOP) process. The server restarts read-only, with no replication started, when it is
 * started again, so it rejoins only through Baton's GTID check.
 */
public final class LocalHardFence implements HardFence {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

  private final ClusterSpec spec;
  private final ClusterDirectory dir;

  public LocalHardFence(ClusterSpec spec, ClusterDirectory dir) {
    this.spec = spec;
    this.dir = dir;
  }

  @Override
  public String stop(InstanceAddress instance) {
    Optional<ProcessHandle> server = spec.nodeAt(instance).flatMap(n -> ServerProcess.runningAt(dir.instance(n)));
    if (server.isEmpty()) {
      return "no running server process of " + instance + " on this host";
    }
    ProcessHandle process = server.get();
    try {
      return Pids.kill(process, EXIT_WAIT) ? "killed its server process (pid " + process.pid() + ")"
          : "sent SIGKILL to pid " + process.pid() + ", still present after " + EXIT_WAIT.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "sent SIGKILL to pid " + process.pid() + ", interrupted while waiting for it to end";
    }
  }
}
