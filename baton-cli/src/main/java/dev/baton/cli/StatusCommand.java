package dev.baton.cli;

import dev.baton.agent.api.ClusterView;
import dev.baton.agent.api.InstanceView;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = {
    "Show every instance's role, reachability, replication and GTIDs, and where the endpoints point.",
    "Exit status 0 when the cluster answers, 1 when it is not running."})
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Option(names = "--json", description = "Print one JSON object (the API's GET /api/cluster/{name}).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = dir.directory().loadSpec();
    String dirArg = dir.dir == null ? "" : " --dir " + dir.directory().root();
    PrintWriter out = cmd.commandLine().getOut();
    AgentClient agents = new AgentClient();
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
          Json.MAPPER.readTree(agents.clusterJson(spec, dirArg))));
      return 0;
    }
    print(out, agents.cluster(spec, dirArg));
    RouterStatsTable.print(out, dir.directory());
    return 0;
  }

  static void print(PrintWriter out, ClusterView v) {
    out.printf("Cluster %s (%s, %d nodes)   primary %s   API %s%n", v.cluster(), v.flavor(), v.instances().size(),
        v.primary(), v.endpoints().get("api"));
    out.printf("  write endpoint %s -> %s%n", v.endpoints().get("write"),
        v.routing().write() == null ? "(none: writes are held, then refused)" : v.routing().write());
    out.printf("  read endpoint  %s -> %s%n", v.endpoints().get("read"),
        v.routing().read().isEmpty() ? "(none)" : String.join(", ", v.routing().read()));
    if (v.routing().proxyProtocol()) {
      out.printf("  (both send each client's address to the servers in a PROXY protocol header)%n");
    }
    ClusterView.ManagerView m = v.manager();
    out.printf("  manager        %s%s%n", m.leader() == null ? "(no master_lock holder: no quorum?)" : m.leader(),
        m.paused() ? "   AUTOMATIC RECOVERY PAUSED" : "");
    m.problems().forEach(p -> out.printf("  problem        %s%n", p));
    String fmt = "%-21s %-4s %-8s %-9s %-5s %-5s %-4s %-3s %-4s %s%n";
    out.printf(fmt, "ADDRESS", "NODE", "ROLE", "REACHABLE", "IO", "SQL", "LAG", "RO", "SRO", "GTID EXECUTED / ERROR");
    for (InstanceView i : v.instances()) {
      String last = i.reachable() ? i.gtidExecuted() : "";
      if (i.lastError() != null) {
        last = (last.isEmpty() ? "" : last + "  ") + "error: " + i.lastError();
      }
      if (i.downtimed()) {
        last = "[downtimed] " + last;
      }
      if (i.needsRebuild() != null) {
        last = "[needs rebuild: " + i.needsRebuild() + "] " + last;
      }
      out.printf(fmt, i.address(), i.node(), i.role(), yesNo(i.reachable()), yesNo(i.ioRunning()), yesNo(i.sqlRunning()),
          i.lagSeconds() == null ? "-" : i.lagSeconds().toString(), yesNo(i.readOnly()), yesNo(i.superReadOnly()), last);
    }
  }

  private static String yesNo(Boolean b) {
    return b == null ? "-" : b ? "yes" : "no";
  }
}
