package dev.baton.cli;

import dev.baton.agent.local.LocalCluster;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "down", description = "Stop the cluster in --dir cleanly: router, agents, then servers. Data is kept.")
final class DownCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Override
  public Integer call() throws Exception {
    LocalCluster cluster = new LocalCluster(dir.directory(), new ServerDistributions(System.getenv()),
        JavaLauncher.batonCommand(), ServerSettings.DEFAULTS, line -> {});
    boolean wasRunning = cluster.down();
    cmd.commandLine().getOut().println(wasRunning
        ? "Cluster in " + dir.directory().root() + " stopped; its data is kept ('baton up' resumes it)."
        : "Cluster in " + dir.directory().root() + " was not running.");
    return 0;
  }
}
