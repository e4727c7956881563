package dev.baton.cli;

import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.local.LocalCluster;
import dev.baton.agent.local.UpRequest;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.cluster.RouterPlacement;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerSettings;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", description = {
    "Create a local cluster, or resume the one in --dir with its data, and leave it running in the background.",
    "Prints the write endpoint (primary), read endpoint (replicas) and API."})
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Option(names = "--flavor", paramLabel = "mysql|mariadb",
      description = "Server family of a new cluster (default: mysql). An existing cluster keeps its own.")
  String flavor;

  @Option(names = "--nodes", paramLabel = "N",
      description = "Number of database nodes of a new cluster: 3, 5 or 7 (default: 3).")
  Integer nodes;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of a new cluster (default: local).")
  String name = ClusterSpec.DEFAULT_NAME;

  @Option(names = "--write-port", paramLabel = "P",
      description = "Port of a new cluster's write endpoint, used as given (default: 3306, or the next free one).")
  Integer writePort;

  @Option(names = "--read-port", paramLabel = "P",
      description = "Port of a new cluster's read endpoint, used as given (default: 3307, or the next free one).")
  Integer readPort;

  @Option(names = "--router", paramLabel = "process|agents",
      description = {"Where the endpoints run: 'process', a router process of its own (the default for a new cluster),"
          + " or 'agents', inside the agents, one serving and the others standing by to take over when it stops.",
          "An existing cluster keeps its own unless this is given, and then moves its router."})
  String router;

  @Option(names = "--proxy-protocol",
      description = {"Have a new cluster's routers start each connection to a server with a PROXY protocol v2 header,"
          + " so that the servers see (grant, log, limit by) the client's address instead of the router's."
          + " The servers accept the header from the cluster's host only. MariaDB only here: MySQL does not read it.",
          "Fixed at creation; an existing cluster keeps its own."})
  boolean proxyProtocol = ClusterSpec.DEFAULT_PROXY_PROTOCOL;

  @Override
  public Integer call() throws Exception {
    UpRequest request = new UpRequest(Optional.ofNullable(flavor).map(Flavor::parse),
        Optional.ofNullable(nodes).map(NodeCount::new), new RequestedPorts(port(writePort), port(readPort)), name,
        Optional.ofNullable(router).map(RouterPlacement::parse), proxyProtocol);
    PrintWriter out = cmd.commandLine().getOut();
    ClusterDirectory d = dir.directory();
    LocalCluster cluster = new LocalCluster(d, new ServerDistributions(System.getenv()), JavaLauncher.batonCommand(),
        ServerSettings.DEFAULTS, line -> {
          out.println(line + "...");
          out.flush();
        });
    ClusterSpec spec = cluster.up(request);
    var endpoints = LocalCluster.endpoints(spec);
    String dirArg = dir.dir == null ? "" : " --dir " + d.root();
    out.printf("Cluster '%s' is up: %d %s nodes, data and logs in %s%n", spec.name(), spec.nodes().size(), spec.flavor(),
        d.root());
    out.printf("  write endpoint  %s  (primary only)%n", endpoints.get("write"));
    out.printf("  read endpoint   %s  (replicas)%n", endpoints.get("read"));
    if (spec.router() == RouterPlacement.AGENTS) {
      out.printf("  (both served by one of the agents; another takes them over if it stops)%n");
    }
    if (spec.proxyProtocol()) {
      out.printf("  (the servers see each client's address: the endpoints send it in a PROXY protocol header)%n");
    }
    out.printf("  API             %s%n", endpoints.get("api"));
    out.printf("Connect:  ./baton sql%s        (or user '%s', database '%s', password from ./baton credentials%s %s)%n",
        dirArg, DbUser.APP.userName(), spec.appDatabase(), dirArg, DbUser.APP.userName());
    out.printf("Status:   ./baton status%s%nStop:     ./baton down%s%n", dirArg, dirArg);
    return 0;
  }

  private static OptionalInt port(Integer option) {
    return option == null ? OptionalInt.empty() : OptionalInt.of(option);
  }
}
