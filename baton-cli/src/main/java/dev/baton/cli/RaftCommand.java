package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The managers' Raft group. */
@Command(name = "raft", description = "The managers' Raft group (the seed's Orchestrator Raft on 10008).",
    subcommands = {RaftCommand.Peers.class, RaftCommand.Add.class, RaftCommand.Remove.class})
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
            p.path("apiUrl").asText("-"), p.path("healthy").asBoolean() ? "yes" : "no");
      }
      return 0;
    }
  }

  @Command(name = "add", description = {
      "Add a peer to the managers' Raft group. Its Raft server must be running to receive the group's state",
      "(an agent started with --join adds itself)."})
  static final class Add extends ManagerCall {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The new peer's id.")
    String id;

    @Option(names = "--address", required = true, paramLabel = "HOST:PORT", description = "Its Raft address.")
    String address;

    @Option(names = "--api-url", paramLabel = "URL",
        description = "Its agent's API (e.g. http://10.0.0.5:3000), for 'baton raft peers'; a cluster node's is known.")
    String apiUrl;

    @Override
    String path() {
      return "/api/raft/add";
    }

    @Override
    Map<String, String> parameters() {
      Map<String, String> q = new HashMap<>();
      q.put("id", id);
      q.put("address", InstanceAddress.parse(address).toString());
      q.put("apiUrl", apiUrl);
      return q;
    }
  }

  @Command(name = "remove", description = {
      "Remove a peer (say, of a host that is gone) from the managers' Raft group: it no longer counts for the quorum.",
      "Refused when the peers left that answer would not be a majority."})
  static final class Remove extends ManagerCall {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The peer's id (see 'baton raft peers').")
    String id;

    @Override
    String path() {
      return "/api/raft/remove";
    }

    @Override
    Map<String, String> parameters() {
      return Map.of("id", id);
    }
  }
}
