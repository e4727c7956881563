package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The managers' Raft group. */
@Command(name = "raft", description = "The managers' Raft group (the seed's Orchestrator Raft on 10008).",
    subcommands = RaftCommand.Peers.class)
final class RaftCommand {
  @Command(name = "peers", description = "The Raft leader and each peer's id, addresses and health.")
  static final class Peers implements Callable<Integer> {
    @Spec CommandSpec cmd;
    @Mixin ClusterDirOption dir;

    @Option(names = "--json", description = "Print {\"leader\", \"peers\": [{\"id\", \"raftAddress\", \"apiUrl\", \"healthy\"}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ClusterSpec spec = dir.directory().loadSpec();
      String dirArg = dir.dir == null ? "" : " --dir " + dir.directory().root();
      JsonNode view = Json.MAPPER.readTree(new AgentClient().get(spec, "/api/raft-peers", dirArg));
      PrintWriter out = cmd.commandLine().getOut();
      if (json) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(view));
        return 0;
      }
      out.println("Raft leader: " + (view.path("leader").isNull() ? "(none: election under way or no quorum)"
          : view.path("leader").asText()));
      out.printf("%-8s %-22s %-28s %s%n", "PEER", "RAFT ADDRESS", "API", "HEALTHY");
      for (JsonNode p : view.path("peers")) {
        out.printf("%-8s %-22s %-28s %s%n", p.path("id").asText(), p.path("raftAddress").asText(),
            p.path("apiUrl").asText(), p.path("healthy").asBoolean() ? "yes" : "no");
      }
      return 0;
    }
  }
}
