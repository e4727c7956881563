package dev.baton.backup.pitr;

import dev.baton.backup.method.ClientSql;
import dev.baton.backup.method.LocalServer;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A server started on a restored data directory, standalone and on loopback only: the binlog
 * replay runs into it, verify checks its tables, and a restore with a port leaves it running for
 * inspection. It starts read-only, as every Baton instance does; the replay lifts that only for
 * itself. Connects as root over the socket with the password the backup's own grant tables hold.
 */
public final class RestoredServer implements AutoCloseable {
  /** Distinct from every cluster instance's id (node numbers) and the archiver's. */
  public static final int SERVER_ID = 2_000_000_002;
  public static final Duration DEFAULT_SQL_TIMEOUT = Duration.ofMinutes(10);
  /**
   * While a restore replays binlogs, commits need not reach the disk one by one: a crash then
   * fails the restore, which starts over from the backup anyway. Replay runs several times faster.
   */
  static final String REPLAY_OPTIONS = "innodb_flush_log_at_trx_commit=2\nsync_binlog=0\n";

  private final ServerDistribution dist;
  private final InstanceLayout layout;
  private final InstanceAddress address;
  private final LocalServer root;
  private final Path workDir;
  private boolean leftRunning;

  private RestoredServer(ServerDistribution dist, InstanceLayout layout, InstanceAddress address, LocalServer root,
      Path workDir) {
    this.dist = dist;
    this.layout = layout;
    this.address = address;
    this.root = root;
    this.workDir = workDir;
  }

  /**
   * Writes the instance's my.cnf beside the data directory and starts the server.
   *
   * @param port the port to listen on (127.0.0.1); empty for any free one
   * @param rootPassword root's password in the restored grant tables; empty for none
   * @param workDir where the client's option file lives (never the instance directory)
   */
  public static RestoredServer start(ServerDistribution dist, InstanceLayout layout, Optional<Integer> port,
      String rootPassword, Path workDir) throws IOException, InterruptedException {
    return start(dist, layout, port, rootPassword, workDir, false);
  }

  /** As {@link #start(ServerDistribution, InstanceLayout, Optional, String, Path)}, for a binlog replay: see {@link #durable()}. */
  static RestoredServer startForReplay(ServerDistribution dist, InstanceLayout layout, Optional<Integer> port,
      String rootPassword, Path workDir) throws IOException, InterruptedException {
    return start(dist, layout, port, rootPassword, workDir, true);
  }

  private static RestoredServer start(ServerDistribution dist, InstanceLayout layout, Optional<Integer> port,
      String rootPassword, Path workDir, boolean replay) throws IOException, InterruptedException {
    InstanceAddress address = new InstanceAddress("127.0.0.1", port.isPresent() ? port.get() : freePort());
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    String cnf = MyCnf.render(dist, layout, SERVER_ID, address, ServerSettings.DEFAULTS, runAs);
    Files.writeString(layout.myCnf(), replay ? cnf + REPLAY_OPTIONS : cnf);
    RestoredServer server = new RestoredServer(dist, layout, address, new LocalServer(dist, layout, "root", rootPassword),
        workDir);
    new ServerProcess(dist, layout).start(ServerProcess.DEFAULT_START_TIMEOUT);
    return server;
  }

  public InstanceLayout layout() {
    return layout;
  }

  public InstanceAddress address() {
    return address;
  }

  public ServerDistribution dist() {
    return dist;
  }

  /** Runs statements as root and returns the rows (tab-separated, no headers). */
  public String sql(List<String> statements) throws IOException, InterruptedException {
    Path options = root.writeClientOptions(workDir);
    try {
      return new ClientSql(root, options).run(statements, DEFAULT_SQL_TIMEOUT);
    } finally {
      Files.deleteIfExists(options);
    }
  }

  /** Writes root's client option file into the work directory, for a client that reads SQL from a pipe. */
  Path clientOptions() throws IOException {
    return root.writeClientOptions(workDir);
  }

  /** Ends the replay's relaxed durability, at once and in my.cnf: the server is now the restore's result. */
  void durable() throws IOException, InterruptedException {
    sql(List.of("SET GLOBAL innodb_flush_log_at_trx_commit = 1", "SET GLOBAL sync_binlog = 1"));
    String cnf = Files.readString(layout.myCnf());
    Files.writeString(layout.myCnf(), cnf.replace(REPLAY_OPTIONS, ""));
  }

  /** Keeps the server running after {@link #close()}: it is the restore's result. */
  public void leaveRunning() {
    leftRunning = true;
  }

  /** Stops the server cleanly (SIGTERM, then SIGKILL after the stop timeout), unless left running. */
  @Override
  public void close() throws InterruptedException {
    if (leftRunning) {
      return;
    }
    Optional<ProcessHandle> p = ServerProcess.runningAt(layout);
    if (p.isPresent()) {
      Pids.terminate(p.get(), ServerProcess.DEFAULT_STOP_TIMEOUT, "restored mysqld of " + layout.dir());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
