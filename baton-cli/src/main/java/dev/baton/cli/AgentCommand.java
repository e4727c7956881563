package dev.baton.cli;

import dev.baton.agent.AgentDaemon;
import dev.baton.agent.monitor.MonitorSettings;
import dev.baton.agent.recovery.ControllerSettings;
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

  @Override
  public Integer call() throws Exception {
    AgentDaemon.start(dir.directory(), node, MonitorSettings.DEFAULTS, ControllerSettings.DEFAULTS).awaitShutdown();
    return 0;
  }
}
