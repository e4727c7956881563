package dev.baton.cli;

import dev.baton.agent.AgentDaemon;
import dev.baton.agent.monitor.MonitorSettings;
import dev.baton.agent.recovery.ControllerSettings;
import dev.baton.core.cluster.InstanceAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "agent", hidden = true,
    description = "Run the agent of one node in the foreground (baton up starts these).")
final class AgentCommand implements Callable<Integer> {
  @Mixin ClusterDirOption dir;

  @Option(names = "--node", required = true, paramLabel = "N", description = "Node number, 1-based.")
  int node;

  @Option(names = "--join", paramLabel = "HOST:PORT",
      description = "Join the running Raft group of the peer at this Raft address (asks its leader to add this agent).")
  String join;

  @Override
  public Integer call() throws Exception {
    AgentDaemon.start(dir.directory(), node, MonitorSettings.DEFAULTS, ControllerSettings.DEFAULTS,
        Optional.ofNullable(join).map(InstanceAddress::parse)).awaitShutdown();
    return 0;
  }
}
