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

@Command(name = "recoveries", description = "The audit of detections, failovers and switchovers, oldest first.",
    subcommands = ManagerCommands.Acknowledge.class)
final class RecoveriesCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Option(names = "--json", description = "Print the records as JSON (GET /api/recoveries).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = dir.directory().loadSpec();
    String dirArg = dir.dir == null ? "" : " --dir " + dir.directory().root();
    JsonNode records = Json.MAPPER.readTree(new AgentClient().get(spec, "/api/recoveries", dirArg));
    PrintWriter out = cmd.commandLine().getOut();
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(records));
      return 0;
    }
    if (records.isEmpty()) {
      out.println("No recoveries recorded.");
    }
    for (JsonNode r : records) {
      out.printf("%s  %s %s  %s -> %s  epoch %d%s%n  %s%n  trigger: %s%n", r.path("started").asText(),
          r.path("kind").asText(), r.path("status").asText(), r.path("oldPrimary").asText(), r.path("newPrimary").asText(),
          r.path("epoch").asLong(), r.path("acknowledged").asBoolean() ? "  (acknowledged)" : "",
          r.path("summary").asText().replace("\n", " "), r.path("trigger").asText().replace("\n", " "));
      for (JsonNode e : r.path("entries")) {
        out.printf("    %6d ms  %s: %s%n", e.path("millis").asLong(), e.path("what").asText(),
            e.path("outcome").asText().replace("\n", " "));
      }
    }
    return 0;
  }
}
