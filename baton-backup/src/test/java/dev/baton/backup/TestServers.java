package dev.baton.backup;

import dev.baton.backup.method.ClientSql;
import dev.baton.backup.method.LocalServer;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.server.SocketClient;
import dev.baton.mysql.sql.Dialect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real servers for integration tests, each in its own directory under one test directory, with
 * Baton's users and grants as a cluster's first primary gets them; stops every server it started,
 * and every server found under the directory (restored ones too).
 */
final class TestServers {
  final Path dir;
  final ServerDistribution dist;
  final Credentials credentials = Credentials.generate(new SecureRandom());
  private final List<InstanceLayout> started = new ArrayList<>();
  private int nextServerId = 1;

  TestServers(Flavor flavor, Path dir) {
    this.dir = dir;
    this.dist = new ServerDistributions(System.getenv()).locate(flavor);
  }

  /** A new writable primary with Baton's accounts (root's password from {@link #credentials}) and database app. */
  InstanceLayout startPrimary(String name) throws Exception {
    InstanceLayout layout = startEmpty(name);
    Dialect dialect = Dialect.of(dist.flavor());
    List<String> setup = new ArrayList<>(dialect.makeWritable());
    setup.addAll(dialect.bootstrapPrimary(credentials, "app"));
    new SocketClient(dist, layout).run(setup, Duration.ofMinutes(1));
    return layout;
  }

  /** A new read-only replica of {@code primary}, replicating everything from its first binlog (accounts too). */
  InstanceLayout startReplica(String name, InstanceLayout primary) throws Exception {
    InstanceLayout layout = startEmpty(name);
    Dialect dialect = Dialect.of(dist.flavor());
    new SocketClient(dist, layout).run(List.of(dialect.changeSource(address(primary), "repl",
        credentials.password(dev.baton.core.credentials.DbUser.REPLICATION), ServerSettings.DEFAULTS),
        dialect.startReplica()), Duration.ofMinutes(1));
    return layout;
  }

  private InstanceLayout startEmpty(String name) throws Exception {
    InstanceLayout layout = new InstanceLayout(dir.resolve(name));
    Files.createDirectories(layout.dir());
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    Files.writeString(layout.myCnf(), MyCnf.render(dist, layout, nextServerId++, new InstanceAddress("127.0.0.1",
        freePort()), ServerSettings.DEFAULTS, runAs));
    ServerProcess process = new ServerProcess(dist, layout);
    process.initialize(ServerProcess.DEFAULT_INITIALIZE_TIMEOUT);
    started.add(layout);
    process.start(ServerProcess.DEFAULT_START_TIMEOUT);
    return layout;
  }

  /** Runs statements as root over the socket; rows come back tab-separated. */
  String sql(InstanceLayout layout, String... statements) throws Exception {
    LocalServer root = root(layout);
    Path options = root.writeClientOptions(Files.createTempDirectory(dir, "client-"));
    try {
      return new ClientSql(root, options).run(List.of(statements), Duration.ofMinutes(1));
    } finally {
      Files.deleteIfExists(options);
      Files.deleteIfExists(options.getParent());
    }
  }

  LocalServer root(InstanceLayout layout) {
    return new LocalServer(dist, layout, "root", credentials.password(dev.baton.core.credentials.DbUser.ROOT));
  }

  LocalServer backupAccount(InstanceLayout layout) {
    return new LocalServer(dist, layout, "backup", credentials.password(dev.baton.core.credentials.DbUser.BACKUP));
  }

  static InstanceAddress address(InstanceLayout layout) throws IOException {
    String port = Files.readAllLines(layout.myCnf()).stream().filter(l -> l.startsWith("port="))
        .findFirst().orElseThrow().substring("port=".length());
    return new InstanceAddress("127.0.0.1", Integer.parseInt(port));
  }

  /** Stops every mysqld whose directory lies under the test directory: started here or restored by the code under test. */
  void stopAll() throws Exception {
    List<InstanceLayout> all = new ArrayList<>(started);
    try (var paths = Files.walk(dir, 3)) {
      paths.filter(p -> p.getFileName().toString().equals("my.cnf")).map(p -> new InstanceLayout(p.getParent()))
          .filter(l -> !all.contains(l)).forEach(all::add);
    }
    for (InstanceLayout l : all) {
      Optional<ProcessHandle> p = ServerProcess.runningAt(l);
      if (p.isPresent()) {
        Pids.terminate(p.get(), ServerProcess.DEFAULT_STOP_TIMEOUT, "mysqld of " + l.dir());
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
