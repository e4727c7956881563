package dev.baton.agent.local;

import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeSpec;
import dev.baton.core.cluster.PortInUseException;
import dev.baton.core.cluster.RouterPlacement;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.LogMark;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts a cluster's agents, router (unless the agents serve the endpoints) and archiver, and waits until they serve: the agents answer
 * HTTP, and an application can log in through both endpoints. Never probes a server with a bare
 * TCP connect: mysqld counts one as an aborted connect, and enough of them block the host
 * (max_connect_errors).
 */
final class DaemonStartup {
  private static final Duration POLL = Duration.ofMillis(100);
  /**
   * How long the write port may be taken while no agent says it serves the endpoints before the
   * holder is taken for another program: an agent says so a moment after it binds the port.
   */
  private static final Duration FOREIGN_PORT_AFTER = Duration.ofSeconds(3);

  private final ClusterDirectory dir;
  private final Daemons daemons;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  DaemonStartup(ClusterDirectory dir, Daemons daemons) {
    this.dir = dir;
    this.daemons = daemons;
  }

  /**
   * Starts {@code stopped}: every daemon of a stopped cluster, or those of a running one that died.
   *
   * @throws PortInUseException when a daemon stopped because another program holds its port
   */
  void start(ClusterSpec spec, StoppedDaemons stopped) throws IOException, InterruptedException {
    if (stopped.router() || stopped.agents().size() == spec.nodes().size()) {
      // Left by a router that did not stop cleanly; the one that starts now says where it is.
      Files.deleteIfExists(dir.routerStatsUrl());
    }
    List<LogMark> agentLogs = new ArrayList<>();
    List<Long> agentPids = new ArrayList<>();
    for (NodeSpec n : stopped.agents()) {
      agentLogs.add(LogMark.at(dir.agentLog(n)));
      agentPids.add(daemons.startAgent(n));
    }
    for (int i = 0; i < stopped.agents().size(); i++) {
      awaitAgent(spec, stopped.agents().get(i), agentLogs.get(i), agentPids.get(i));
    }
    if (spec.router() == RouterPlacement.AGENTS) {
      awaitRouting(spec, new RoutersServe(spec));
    } else if (stopped.router()) {
      LogMark routerLog = LogMark.at(dir.routerLog());
      awaitRouting(spec, new ProcessServes(spec, routerLog, daemons.startRouter(spec)));
    }
    if (stopped.archiver()) {
      // Not awaited: the cluster serves without it, and it reports its own trouble in archiver.log.
      daemons.startArchiver();
    }
  }

  private void awaitAgent(ClusterSpec spec, NodeSpec n, LogMark log, long pid) throws IOException, InterruptedException {
    URI health = URI.create("http://" + spec.host() + ":" + n.apiPort() + "/api/health");
    long deadline = System.nanoTime() + Daemons.DEFAULT_START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      requireRunning(pid, "the agent of " + n.name(), log);
      if (get(health).isPresent()) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("the agent of " + n.name() + " did not answer within " + Daemons.DEFAULT_START_TIMEOUT
        + "; see " + log.log());
  }

  /** What serves the endpoints, asked while waiting for them whether it still can. */
  private interface EndpointServer {
    /** @throws IOException (a {@link PortInUseException} when another program holds a port) when it cannot */
    void requireServing() throws IOException;

    /** Where to look when the endpoints never work. */
    String logs();
  }

  /** The router process: it must keep running, and it stands by while a port is taken, as the agents do. */
  private final class ProcessServes implements EndpointServer {
    private final LogMark log;
    private final long pid;
    private final RoutersServe ports;

    ProcessServes(ClusterSpec spec, LogMark log, long pid) {
      this.log = log;
      this.pid = pid;
      this.ports = new RoutersServe(spec);
    }

    @Override
    public void requireServing() throws IOException {
      requireRunning(pid, "the router", log);
      ports.requireServing();
    }

    @Override
    public String logs() {
      return log.log() + " and the agents' logs";
    }
  }

  /**
   * The router that serves the endpoints, an agent's or the router process, says so in the
   * cluster directory. Routers stand by while a port is taken rather than exit, so a port that
   * stays taken while none of them says it serves is another program's.
   */
  private final class RoutersServe implements EndpointServer {
    private final ClusterSpec spec;
    private long takenSince = -1;

    RoutersServe(ClusterSpec spec) {
      this.spec = spec;
    }

    @Override
    public void requireServing() throws IOException {
      if (Files.exists(dir.routerStatsUrl()) || Ports.isFree(spec.host(), spec.writePort())) {
        takenSince = -1;
        return;
      }
      long now = System.nanoTime();
      if (takenSince < 0) {
        takenSince = now;
      } else if (now - takenSince > FOREIGN_PORT_AFTER.toNanos()) {
        throw new PortInUseException(spec.writePort(), "no router could listen on the write endpoint's port "
            + spec.writePort() + ": another program holds it");
      }
    }

    @Override
    public String logs() {
      return "the agents' logs";
    }
  }

  /** Returns once the agents route writes to the primary and the app user can log in through both endpoints. */
  private void awaitRouting(ClusterSpec spec, EndpointServer server) throws IOException, InterruptedException {
    URI routing = URI.create("http://" + spec.host() + ":" + spec.nodes().get(0).apiPort() + "/api/routing");
    String password = dir.credentials().load().password(DbUser.APP);
    long deadline = System.nanoTime() + LocalCluster.DEFAULT_ROUTING_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      server.requireServing();
      // The login only once routed: until then the router holds a client for seconds before it gives up.
      if (routed(routing) && logsIn(spec.writeEndpoint(), password) && logsIn(spec.readEndpoint(), password)) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("the write endpoint did not reach a primary within " + LocalCluster.DEFAULT_ROUTING_TIMEOUT
        + "; see " + server.logs());
  }

  private boolean routed(URI routing) throws InterruptedException {
    return get(routing).map(body -> {
      try {
        return Json.MAPPER.readTree(body).path("write").isTextual();
      } catch (IOException e) {
        return false;
      }
    }).orElse(false);
  }

  /** A whole login, ended with COM_QUIT when the connection closes, as any client would. */
  private static boolean logsIn(InstanceAddress endpoint, String password) {
    try (Connection c = Jdbc.open(endpoint, DbUser.APP.userName(), password)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Asks the process this startup started, by its pid alone. {@link Daemons}' check of the
   * command line, against reused pids, can read none while the start execs from its wrappers
   * (setsid, sh, nice) into the JVM: 16 of 20 such starts here showed an empty command line at
   * some point in their first 0.3 s, up to 0.2 s in, on a loaded machine, and CI once failed
   * 'up' with "the agent of node1 exited while starting" and an empty agent log.
   *
   * @throws PortInUseException when the daemon is gone and its log says another program holds its port
   * @throws IOException when it is gone for another reason
   */
  private static void requireRunning(long pid, String who, LogMark log) throws IOException {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return;
    }
    OptionalInt taken = DaemonLog.portInUse(log.textSince());
    if (taken.isPresent()) {
      throw new PortInUseException(taken.getAsInt(), who + " could not listen on port " + taken.getAsInt()
          + ": another program holds it (see " + log.log() + ")");
    }
    throw new IOException(who + " exited while starting; see " + log.log());
  }

  private Optional<String> get(URI uri) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
