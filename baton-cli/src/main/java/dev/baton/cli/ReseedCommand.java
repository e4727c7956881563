package dev.baton.cli;

import dev.baton.agent.api.ClusterView;
import dev.baton.agent.api.InstanceView;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.control.CloneReseed;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reseed", description = {
    "Rebuild a replica from a healthy donor (MySQL's CLONE): e.g. an old primary flagged needs-rebuild because",
    "it kept a transaction no client was told of. Its data is replaced; it then rejoins as a replica."})
final class ReseedCommand implements Callable<Integer> {
  /** How long the rebuilt instance may take to replicate again. */
  static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(90);

  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Option(names = {"-i", "--instance"}, required = true, paramLabel = "HOST:PORT", description = "The instance to rebuild.")
  String instance;

  @Option(names = "--from", paramLabel = "HOST:PORT",
      description = "The donor (default: a replicating replica with no errant transactions, else the primary).")
  String from;

  @Override
  public Integer call() throws Exception {
    ClusterDirectory d = dir.directory();
    ClusterSpec spec = d.loadSpec();
    String dirArg = dir.dir == null ? "" : " --dir " + d.root();
    InstanceAddress target = InstanceAddress.parse(instance);
    if (spec.nodeAt(target).isEmpty()) {
      throw new ClusterStateException(target + " is not an instance of cluster " + spec.name() + " (instances: "
          + spec.instances() + ")");
    }
    if (spec.flavor() == Flavor.MARIADB) {
      throw new ClusterStateException("reseed uses MySQL's CLONE and is not available for MariaDB yet; a MariaDB primary"
          + " that crashed mid-commit truncates that commit itself on restart (init_rpl_role=SLAVE)");
    }
    AgentClient agents = new AgentClient();
    ClusterView view = agents.cluster(spec, dirArg);
    if (target.toString().equals(view.primary())) {
      throw new ClusterStateException(target + " is the primary; reseed rebuilds replicas only (switch over first)");
    }
    InstanceAddress donor = Optional.ofNullable(from).map(InstanceAddress::parse).orElseGet(() -> cleanDonor(view, target));
    Credentials c = d.credentials().load();
    PrintWriter out = cmd.commandLine().getOut();
    out.println("cloning " + target + " from " + donor + "...");
    out.flush();
    new CloneReseed(c.password(DbUser.ROOT), DbUser.BACKUP.userName(), c.password(DbUser.BACKUP))
        .run(target, donor, CloneReseed.DEFAULT_TIMEOUT);
    ServerProcess server = new ServerProcess(new ServerDistributions(System.getenv()).locate(spec.flavor()),
        d.instance(spec.nodeAt(target).get()));
    awaitStopped(server);
    server.start(ServerProcess.DEFAULT_START_TIMEOUT);
    AgentClient.Answer a = agents.post(spec, "/api/rebuilt?instance=" + target, c.apiToken(), dirArg);
    if (!a.ok()) {
      throw new ClusterStateException(a.message());
    }
    long deadline = System.nanoTime() + REJOIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean replicating = agents.cluster(spec, dirArg).instances().stream()
          .anyMatch(i -> i.address().equals(target.toString()) && i.replicating());
      if (replicating) {
        out.println(target + " rebuilt from " + donor + " and replicating");
        return 0;
      }
      Thread.sleep(250);
    }
    throw new ClusterStateException(target + " was rebuilt but does not replicate after " + REJOIN_TIMEOUT.toSeconds()
        + " s; see 'baton status" + dirArg + "'");
  }

  /**
   * A replica that replicates and holds nothing the primary lacks (no errant GTIDs, not flagged),
   * so that the copy rejoins; else the primary itself. Cloning a replica spares the primary.
   */
  private static InstanceAddress cleanDonor(ClusterView view, InstanceAddress target) {
    List<String> problems = view.manager().problems();
    return view.instances().stream()
        .filter(i -> i.replicating() && i.needsRebuild() == null && !i.address().equals(target.toString()))
        .filter(i -> problems.stream().noneMatch(p -> p.startsWith("ErrantGtid " + i.address() + ":")))
        .map(InstanceView::address).findFirst().map(InstanceAddress::parse)
        .orElse(InstanceAddress.parse(view.primary()));
  }

  /** The recipient shuts down when the clone is done; wait for it before starting it again. */
  private static void awaitStopped(ServerProcess server) throws InterruptedException {
    long deadline = System.nanoTime() + ServerProcess.DEFAULT_STOP_TIMEOUT.toNanos();
    while (server.running().isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new ClusterStateException(server.describe() + " did not shut down after the clone within "
            + ServerProcess.DEFAULT_STOP_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }
}
