package dev.baton.cli;

import dev.baton.core.cluster.ClusterSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that asks the cluster's managers to act: prints their one-line answer; exit 0 when done, 1 when refused. */
abstract class ManagerCall implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  /** The API path of the call, e.g. "/api/failover". */
  abstract String path();

  /** Query parameters of the call; absent values are left out. */
  Map<String, String> parameters() {
    return Map.of();
  }

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = dir.directory().loadSpec();
    String token = dir.directory().credentials().load().apiToken();
    Map<String, String> q = new LinkedHashMap<>(parameters());
    q.values().removeIf(v -> v == null);
    String query = q.isEmpty() ? "" : "?" + q.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    String dirArg = dir.dir == null ? "" : " --dir " + dir.directory().root();
    AgentClient.Answer a = new AgentClient().post(spec, path() + query, token, dirArg);
    if (a.ok()) {
      cmd.commandLine().getOut().println(a.message());
      return 0;
    }
    cmd.commandLine().getErr().println("baton: " + a.message());
    return 1;
  }
}
