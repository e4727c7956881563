package dev.baton.cli;

import dev.baton.backup.Backups;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.binlog.BinlogArchiver;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.ClientSql;
import dev.baton.backup.method.Directories;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.backup.pitr.PointInTimeRestore;
import dev.baton.backup.pitr.RestoreTarget;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.cli.bench.BenchmarkDoc;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.server.SocketClient;
import dev.baton.mysql.sql.Dialect;
import dev.baton.mysql.sql.Jdbc;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures backups on this machine, one flavor after the other, on a server of its own: backup
 * and restore throughput against the raw tool writing to local disk in the same run, the binlog
 * archive's recovery point under a steady write load, and how long point-in-time replay takes
 * compared with the time the load took to generate. Appends the results to docs/benchmarks.md
 * under "Backups".
 */
@Command(name = "bench-backup", hidden = true, description = "Benchmark backups, restores, the binlog archive's RPO and PITR replay (bench/backup).")
final class BenchBackupCommand implements Callable<Integer> {
  static final String SECTION = "## Backups";
  static final Duration TOOL_TIMEOUT = Duration.ofHours(1);
  static final Duration STREAM_START_TIMEOUT = Duration.ofMinutes(1);

  @Spec CommandSpec cmd;
  /** Other work on the machine skews every figure: the report says how busy it was. */
  private String loadAverage = "unknown";
  private PipelineSettings pipeline = PipelineSettings.DEFAULTS;

  @Option(names = "--flavor", paramLabel = "mysql|mariadb", description = "Only this flavor (default: both).")
  String flavor;

  @Option(names = "--rows", paramLabel = "N", description = "Rows of the data set, ~230 bytes each (default: 1000000).")
  int rows = 1_000_000;

  @Option(names = "--rate", paramLabel = "TX/S", description = "Write load during the RPO run (default: 100).")
  int rate = 100;

  @Option(names = "--seconds", paramLabel = "S", description = "Length of the write load (default: 60).")
  int seconds = 60;

  @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory, on the disk to measure (default: a new one in /tmp).")
  Path work;

  @Option(names = "--report", paramLabel = "FILE", description = "Where to append the results (default: docs/benchmarks.md).")
  Path report = Path.of("docs", "benchmarks.md");

  @Option(names = "--repeats", paramLabel = "N", description = "Backups and restores per tool, each taking each place in turn (default: 3; a multiple of 3 balances the order).")
  int repeats = 3;

  @Option(names = "--zstd-level", paramLabel = "L", description = "Backup compression level to measure (default: Baton's, ${DEFAULT-VALUE}).")
  int zstdLevel = PipelineSettings.DEFAULT_ZSTD_LEVEL;

  @Option(names = "--zstd-workers", paramLabel = "N", description = "Backup compression threads to measure (default: Baton's, ${DEFAULT-VALUE}).")
  int zstdWorkers = PipelineSettings.DEFAULT_ZSTD_WORKERS;

  @Option(names = "--compression", paramLabel = "zstd|none", description = "Backup compression to measure; with none the script stores the tool's bytes as they come (default: Baton's, zstd).")
  String compression = PipelineSettings.DEFAULT_COMPRESSION.toString();

  /** One round's times of Baton and of the raw tool, taken back to back. */
  record Pair(Duration baton, Duration raw) {
    double ratio() {
      return (double) raw.toNanos() / baton.toNanos();
    }
  }

  /** Which of the three a backup round times. */
  private static final int RAW = 0;
  private static final int BATON = 1;
  private static final int SCRIPT = 2;

  /**
   * @param backups Baton against the raw tool
   * @param scripts Baton against the script it replaces: the same tool, its output compressed by
   *     the zstd command at Baton's level and threads into a local file
   */
  record Result(Flavor flavor, String version, String method, long dataBytes, List<Pair> backups, List<Pair> scripts,
      long storedBytes, List<Pair> restores, List<Duration> rpos, int transactions, Duration generation,
      Duration replay) {}

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || rate < 1 || seconds < 1 || repeats < 1) {
      throw new ParameterException(cmd.commandLine(), "--rows, --rate, --seconds and --repeats must each be at least 1");
    }
    try {
      pipeline = new PipelineSettings(Compression.parse(compression), zstdLevel, zstdWorkers,
          PipelineSettings.DEFAULT_STALL_TIMEOUT, PipelineSettings.DEFAULT_EXIT_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd.commandLine(), e.getMessage());
    }
    PrintWriter out = cmd.commandLine().getOut();
    loadAverage = BenchmarkDoc.loadAverage();
    List<Flavor> flavors = flavor == null ? List.of(Flavor.MYSQL, Flavor.MARIADB) : List.of(Flavor.parse(flavor));
    Path root = work != null ? Files.createDirectories(work) : Files.createTempDirectory("baton-bench-");
    List<Result> results = new ArrayList<>();
    for (Flavor f : flavors) {
      out.println("benchmarking " + f + " in " + root + " ...");
      out.flush();
      Path dir = Files.createDirectories(root.resolve(f.id()));
      try {
        results.add(run(f, dir, out));
      } finally {
        stopServersUnder(dir);
        Directories.deleteTree(dir);
      }
    }
    if (work == null) {
      Directories.deleteTree(root);
    }
    String text = report(results);
    out.print(text);
    BenchmarkDoc.append(report, SECTION, text);
    out.println("appended to " + report.toAbsolutePath());
    return 0;
  }

  private Result run(Flavor f, Path dir, PrintWriter out) throws Exception {
    ServerDistribution dist = new ServerDistributions(System.getenv()).locate(f);
    Credentials credentials = Credentials.generate(new SecureRandom());
    InstanceLayout layout = new InstanceLayout(dir.resolve("primary"));
    InstanceAddress address = new InstanceAddress("127.0.0.1", freePort());
    Files.createDirectories(layout.dir());
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    ServerSettings settings = new ServerSettings("512M", ServerSettings.DEFAULT_MAX_CONNECTIONS,
        ServerSettings.DEFAULT_REPLICA_NET_TIMEOUT, ServerSettings.DEFAULT_HEARTBEAT_PERIOD,
        ServerSettings.DEFAULT_BINLOG_RETENTION, false, ServerSettings.DEFAULT_SEMI_SYNC_TIMEOUT,
        ServerSettings.DEFAULT_PROXY_PROTOCOL_NETWORKS);
    Files.writeString(layout.myCnf(), MyCnf.render(dist, layout, 1, address, settings, runAs));
    ServerProcess process = new ServerProcess(dist, layout);
    process.initialize(ServerProcess.DEFAULT_INITIALIZE_TIMEOUT);
    process.start(ServerProcess.DEFAULT_START_TIMEOUT);
    Dialect dialect = Dialect.of(f);
    List<String> setup = new ArrayList<>(dialect.makeWritable());
    setup.addAll(dialect.bootstrapPrimary(credentials, "app"));
    new SocketClient(dist, layout).run(setup, Duration.ofMinutes(1));
    String root = credentials.password(DbUser.ROOT);

    out.println("  loading " + rows + " rows...");
    out.flush();
    try (Connection c = Jdbc.open(address, "root", root, Jdbc.DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(30));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE app.t (id BIGINT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL)");
      s.execute(f == Flavor.MYSQL ? "SET SESSION cte_max_recursion_depth = 1000000" : "SET SESSION max_recursive_iterations = 1000000");
      for (int from = 1; from <= rows; from += 100_000) {
        int to = Math.min(rows, from + 99_999);
        s.execute("INSERT INTO app.t WITH RECURSIVE n(i) AS (SELECT " + from + " UNION ALL SELECT i + 1 FROM n WHERE i < "
            + to + ") SELECT i, i % 10007, SHA2(i, 384), LPAD(i, 60, 'x') FROM n");
      }
      s.execute("CREATE TABLE app.log (id BIGINT AUTO_INCREMENT PRIMARY KEY, t BIGINT, at DATETIME(6))");
    }
    String version;
    try (Connection c = Jdbc.open(address, "root", root); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@version")) {
      rs.next();
      version = rs.getString(1);
    }
    long dataBytes = sizeOf(layout.dataDir());
    LocalServer backupAccount = new LocalServer(dist, layout, "backup", credentials.password(DbUser.BACKUP));
    BackupMethod method = new BackupMethods(dist, System.getenv()).preferred();
    Path work = Files.createDirectories(dir.resolve("work"));

    DirectoryObjectStore store = new DirectoryObjectStore(dir.resolve("store"));
    Backups backups = new Backups(new BackupCatalog(store, "bench"), Optional.empty(), pipeline,
        Clock.systemUTC());
    Path raw = dir.resolve("raw");
    Path script = dir.resolve("script");
    List<Pair> backupTimes = new ArrayList<>();
    List<Pair> scriptTimes = new ArrayList<>();
    List<Pair> restoreTimes = new ArrayList<>();
    Manifest m = null;
    for (int round = 1; round <= repeats; round++) {
      // Each takes each place in turn: a slow spell of the shared machine, or the writeback the one
      // before left behind, falls on all alike.
      boolean rawFirst = round % 2 == 1;
      int[] order = {(round - 1) % 3, round % 3, (round + 1) % 3};
      out.println("  round " + round + ": raw " + method.name() + ", Baton and the script, in turn; then restores ("
          + (rawFirst ? "raw" : "Baton") + " first)...");
      out.flush();
      Duration[] took = new Duration[3];
      for (int which : order) {
        long t0 = System.nanoTime();
        switch (which) {
          case RAW -> {
            rawBackup(f, dist, backupAccount, work, raw);
            forceFiles(raw);
          }
          case BATON -> m = backups.take(method, backupAccount, BackupKind.FULL, work);
          default -> {
            scriptBackup(f, dist, backupAccount, work, script);
            forceFiles(script);
          }
        }
        took[which] = Duration.ofNanos(System.nanoTime() - t0);
      }
      Directories.deleteTree(script);
      Duration rawBackup = took[RAW];
      Duration batonBackup = took[BATON];
      backupTimes.add(new Pair(batonBackup, rawBackup));
      scriptTimes.add(new Pair(batonBackup, took[SCRIPT]));
      Duration rawRestore = null;
      Duration batonRestore = null;
      for (boolean doRaw : List.of(rawFirst, !rawFirst)) {
        long t0 = System.nanoTime();
        if (doRaw) {
          rawRestore(f, dist, raw, dir.resolve("raw-restored"));
          rawRestore = Duration.ofNanos(System.nanoTime() - t0);
          Directories.deleteTree(dir.resolve("raw-restored"));
        } else {
          backups.restore(m.id(), method, dir.resolve("restored"), work);
          batonRestore = Duration.ofNanos(System.nanoTime() - t0);
          Directories.deleteTree(dir.resolve("restored"));
        }
      }
      restoreTimes.add(new Pair(batonRestore, rawRestore));
      Directories.deleteTree(raw);
      out.println("    backup Baton " + rate(dataBytes, batonBackup) + ", raw " + rate(dataBytes, rawBackup)
          + ", script " + rate(dataBytes, took[SCRIPT]) + "; restore Baton " + rate(dataBytes, batonRestore) + ", raw " + rate(dataBytes, rawRestore));
    }

    out.println("  " + rate + " tx/s for " + seconds + " s with the archiver running...");
    out.flush();
    BinlogArchive archive = new BinlogArchive(store, "bench", Optional.empty(), ArchiverSettings.DEFAULT_ZSTD_LEVEL);
    BinlogArchiver archiver = new BinlogArchiver(archive, dist, () -> address, new BinlogArchiver.StreamAccount(
        "repl", credentials.password(DbUser.REPLICATION), "backup", credentials.password(DbUser.BACKUP)),
        dir.resolve("archiver"), ArchiverSettings.DEFAULTS, Clock.systemUTC()).start();
    Instant loadStart;
    Map<Long, Instant> commits = new HashMap<>();
    try {
      awaitStreaming(f, address, root, archive);
      loadStart = Instant.now();
      load(f, address, root, commits);
      Thread.sleep(ArchiverSettings.DEFAULT_PIECE_INTERVAL.multipliedBy(3).toMillis());
    } finally {
      archiver.close();
    }
    Duration generation = Duration.between(loadStart, Instant.now());
    // MariaDB binlogs keep whole seconds: there the client's own commit times are used instead.
    List<Duration> rpos = archive.list().pieces().stream().filter(p -> !p.firstCommit().isBefore(
        loadStart.truncatedTo(ChronoUnit.SECONDS))).map(p -> Duration.between(f == Flavor.MYSQL ? p.firstCommit()
            : commits.getOrDefault(lastSeq(p.gtidsBefore()) + 1, p.firstCommit()), p.archivedAt())).sorted().toList();
    int transactions = commits.size();

    out.println("  point-in-time restore of the load...");
    out.flush();
    PointInTimeRestore.Result r = new PointInTimeRestore(backups, archive, dist, System.getenv())
        .restore(new RestoreTarget.Latest(), Optional.of(m.id()), dir.resolve("pitr"), Optional.empty(), root, work);
    return new Result(f, version, m.method().id(), dataBytes, backupTimes, scriptTimes, m.storedBytes(), restoreTimes,
        rpos, transactions, Duration.ofSeconds(seconds), r.replayTime());
  }

  /** The tool alone, as a script would run it: its stream to a local file, or CLONE into a local directory. */
  private void rawBackup(Flavor f, ServerDistribution dist, LocalServer account, Path work, Path raw) throws Exception {
    if (f == Flavor.MYSQL) {
      cloneInto(account, work, raw);
      return;
    }
    Path file = Files.createDirectories(raw).resolve("backup.xbstream");
    Path lsn = Files.createDirectories(work.resolve("raw-lsn"));
    exec(new ProcessBuilder(mariadbBackupStream(dist, account, work, lsn)).redirectOutput(file.toFile()).redirectError(work.resolve("raw.log").toFile()));
    Directories.deleteTree(lsn);
  }

  /**
   * A backup script as an operator would write one: the tool's stream (or CLONE's copy, tarred)
   * through the zstd command into a local file, the clone removed after, as Baton does.
   */
  private void scriptBackup(Flavor f, ServerDistribution dist, LocalServer account, Path work, Path script)
      throws Exception {
    Path file = Files.createDirectories(script).resolve("backup" + pipeline.compression().suffix());
    String zstd = (pipeline.compression() == Compression.NONE ? "cat" : "zstd -q " + (pipeline.zstdLevel() > 0
        ? "-" + pipeline.zstdLevel() : "--fast=" + -pipeline.zstdLevel()) + " -T" + Math.max(1, pipeline.zstdWorkers()))
        + " > " + quoted(file.toString());
    String producer;
    if (f == Flavor.MYSQL) {
      Path clone = script.resolve("clone");
      cloneInto(account, work, clone);
      producer = "tar -C " + quoted(clone.toString()) + " -cf - .";
      exec(new ProcessBuilder("bash", "-o", "pipefail", "-c", producer + " | " + zstd + " && rm -rf "
          + quoted(clone.toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
      return;
    }
    Path lsn = Files.createDirectories(work.resolve("script-lsn"));
    producer = mariadbBackupStream(dist, account, work, lsn).stream().map(BenchBackupCommand::quoted)
        .collect(Collectors.joining(" "));
    exec(new ProcessBuilder("bash", "-o", "pipefail", "-c", producer + " 2>/dev/null | " + zstd)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
    Directories.deleteTree(lsn);
  }

  /**
   * A backup is done when it is on disk: Baton's store forces every object it writes before
   * renaming it into place, so the raw tool's and the script's clocks stop only once their
   * output is forced too. Without it they were timed into the page cache, where a crash could
   * still lose the backup they reported done. Opened for reading: Linux forces such a file as
   * well, and CLONE's files belong to the server's user.
   */
  private static void forceFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
          ch.force(true);
        }
      }
    }
  }

  /** mariadb-backup streaming a full backup as xbstream to its standard output. */
  private static List<String> mariadbBackupStream(ServerDistribution dist, LocalServer account, Path work, Path lsn)
      throws IOException {
    return dist.command(dist.client().resolveSibling("mariadb-backup"), "--defaults-file="
        + account.writeClientOptions(work), "--backup", "--stream=xbstream", "--datadir=" + account.layout().dataDir(),
        "--target-dir=" + lsn);
  }

  private static void cloneInto(LocalServer account, Path work, Path copy) throws Exception {
    new ClientSql(account, account.writeClientOptions(work)).run(List.of("CLONE LOCAL DATA DIRECTORY = '" + copy + "'"),
        TOOL_TIMEOUT);
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private void rawRestore(Flavor f, ServerDistribution dist, Path raw, Path target) throws Exception {
    Files.createDirectories(target);
    if (f == Flavor.MYSQL) {
      exec(new ProcessBuilder("cp", "-a", raw + "/.", target.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      return;
    }
    exec(new ProcessBuilder(dist.command(dist.client().resolveSibling("mbstream"), "-x", "-C", target.toString()))
        .redirectInput(raw.resolve("backup.xbstream").toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD));
    exec(new ProcessBuilder(dist.command(dist.client().resolveSibling("mariadb-backup"), "--prepare",
        "--target-dir=" + target)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
  }

  /**
   * Small transactions at a steady rate from one connection, an update and an insert each; records
   * when each committed, by its MariaDB sequence number (on MySQL by a counter: its binlog has
   * microsecond commit times of its own).
   */
  private void load(Flavor f, InstanceAddress address, String rootPassword, Map<Long, Instant> commits) throws Exception {
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long n = 0;
    try (Connection c = Jdbc.open(address, "root", rootPassword, Jdbc.DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(1));
        PreparedStatement update = c.prepareStatement("UPDATE app.t SET k = k + 1 WHERE id = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO app.log (t, at) VALUES (?, NOW(6))");
        PreparedStatement lastGtid = c.prepareStatement("SELECT @@last_gtid")) {
      c.setAutoCommit(false);
      for (long next = start; next < end; next += interval) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        update.setLong(1, 1 + ThreadLocalRandom.current().nextInt(rows));
        update.executeUpdate();
        insert.setLong(1, n);
        insert.executeUpdate();
        c.commit();
        Instant committed = Instant.now();
        if (f == Flavor.MARIADB) {
          try (ResultSet rs = lastGtid.executeQuery()) {
            rs.next();
            commits.put(lastSeq(rs.getString(1)), committed);
          }
        } else {
          commits.put(n, committed);
        }
        n++;
      }
    }
  }

  /** Writes one row and waits until it is archived: the archiver's first connection is not what the RPO measures. */
  private static void awaitStreaming(Flavor f, InstanceAddress address, String rootPassword, BinlogArchive archive)
      throws Exception {
    String gtids;
    try (Connection c = Jdbc.open(address, "root", rootPassword); Statement s = c.createStatement()) {
      s.execute("INSERT INTO app.log (t, at) VALUES (-1, NOW(6))");
      try (ResultSet rs = s.executeQuery(f == Flavor.MYSQL ? "SELECT @@GLOBAL.gtid_executed"
          : "SELECT @@GLOBAL.gtid_binlog_pos")) {
        rs.next();
        gtids = rs.getString(1);
      }
    }
    GtidState wanted = new GtidState(f, gtids);
    long deadline = System.nanoTime() + STREAM_START_TIMEOUT.toNanos();
    while (archive.list().pieces().stream().noneMatch(p -> p.after().contains(wanted))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the archiver did not store a piece within " + STREAM_START_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  /** The sequence number of a one-domain MariaDB position ("0-1-42" is 42); 0 when empty. */
  private static long lastSeq(String position) {
    return position.isBlank() ? 0 : Long.parseLong(position.substring(position.lastIndexOf('-') + 1).trim());
  }

  String report(List<Result> results) {
    StringBuilder b = new StringBuilder();
    String date = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now());
    b.append("\n### ").append(date).append(" — nproc ").append(Runtime.getRuntime().availableProcessors())
        .append(", kernel ").append(System.getProperty("os.version")).append(", load average ").append(loadAverage)
        .append(" at the start\n\n");
    b.append("`bench/backup --rows ").append(rows).append(" --rate ").append(rate).append(" --seconds ").append(seconds)
        .append(" --repeats ").append(repeats)
        .append(pipeline.zstdLevel() == PipelineSettings.DEFAULT_ZSTD_LEVEL
            && pipeline.zstdWorkers() == PipelineSettings.DEFAULT_ZSTD_WORKERS ? ""
            : " --zstd-level " + zstdLevel + " --zstd-workers " + zstdWorkers)
        .append(pipeline.compression() == PipelineSettings.DEFAULT_COMPRESSION ? "" : " --compression " + compression)
        .append("`: one server per flavor (innodb_buffer_pool_size 512M, sync_binlog=1), directory store on the same")
        .append(" disk as the data, ").append(pipeline.compression() == Compression.NONE ? "backups uncompressed (the"
            + " script's compressor is cat)" : "zstd level " + pipeline.zstdLevel() + " with " + pipeline.zstdWorkers()
            + " workers for backups").append(", zstd level ")
        .append(ArchiverSettings.DEFAULT_ZSTD_LEVEL).append(" for binlog pieces, piece interval ")
        .append(ArchiverSettings.DEFAULT_PIECE_INTERVAL.toSeconds()).append(" s. Throughput is the data directory's")
        .append(" size over the time; the raw tool writes its stream to a local file (mariadb-backup) or clones into")
        .append(" a local directory (CLONE), and restores with mbstream + --prepare or a copy. Each of the ")
        .append(repeats).append(" rounds times the raw tool, Baton and a script back to back, each first, second and")
        .append(" third in turn (restores: raw and Baton, alternating); medians shown, a ratio being the median of the")
        .append(" rounds' own ratios. The script is what Baton replaces: the same tool (CLONE then tar) piped through")
        .append(pipeline.compression() == Compression.NONE ? " cat" : " the zstd command, same level and threads,")
        .append(" into a local file. A backup counts as done once it is on disk:")
        .append(" the raw tool's and the script's files are forced (fsync) inside their time, as Baton's store forces")
        .append(" each object it writes. Restores are not forced, by any of them.\n\n");
    b.append("| flavor | method | data dir | backup Baton | backup raw tool | Baton / raw | backup script | Baton / script |")
        .append(" stored | restore Baton | restore raw tool | Baton / raw | binlog RPO median / max | PITR replay / load time |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(String.format("| %s %s | %s | %s | %s | %s | %.0f %% | %s | %.0f %% | %s | %s | %s | %.0f %% | %s / %s (%d pieces) | %.1f s / %d s (%d tx) |%n",
          r.flavor(), r.version(), r.method(), mb(r.dataBytes()), rate(r.dataBytes(), medianOf(r.backups(), Pair::baton)),
          rate(r.dataBytes(), medianOf(r.backups(), Pair::raw)), 100 * medianRatio(r.backups()),
          rate(r.dataBytes(), medianOf(r.scripts(), Pair::raw)), 100 * medianRatio(r.scripts()), mb(r.storedBytes()),
          rate(r.dataBytes(), medianOf(r.restores(), Pair::baton)), rate(r.dataBytes(), medianOf(r.restores(), Pair::raw)),
          100 * medianRatio(r.restores()), secs(median(r.rpos())), secs(r.rpos().isEmpty() ? Duration.ZERO
              : r.rpos().get(r.rpos().size() - 1)), r.rpos().size(), r.replay().toMillis() / 1000.0,
          r.generation().toSeconds(), r.transactions()));
    }
    b.append("\nRPO: for each piece stored during the load, from its first transaction's commit (the binlog's")
        .append(" microsecond commit time on MySQL, the client's on MariaDB, whose binlog keeps whole seconds) to the")
        .append(" piece being in the store: the longest any transaction waited. PITR replay: binlog replay of the")
        .append(" load into the restored backup, after the physical restore.\n");
    return b.toString();
  }

  private static Duration medianOf(List<Pair> pairs, Function<Pair, Duration> side) {
    return median(pairs.stream().map(side).sorted().toList());
  }

  private static double medianRatio(List<Pair> pairs) {
    List<Double> ratios = pairs.stream().map(Pair::ratio).sorted().toList();
    return ratios.get(ratios.size() / 2);
  }

  private static Duration median(List<Duration> sorted) {
    return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
  }

  private static String secs(Duration d) {
    return String.format("%.2f s", d.toMillis() / 1000.0);
  }

  private static String mb(long bytes) {
    return String.format("%.0f MB", bytes / 1e6);
  }

  private static String rate(long bytes, Duration d) {
    return String.format("%.0f MB/s", bytes / 1e6 / Math.max(0.001, d.toMillis() / 1000.0));
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void exec(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.start();
    if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException(pb.command().get(0) + " took longer than " + TOOL_TIMEOUT);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", pb.command()) + " exited with status " + p.exitValue());
    }
  }

  private static void stopServersUnder(Path dir) throws IOException, InterruptedException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> cnfs;
    try (Stream<Path> paths = Files.walk(dir, 2)) {
      cnfs = paths.filter(p -> p.getFileName().toString().equals("my.cnf")).toList();
    }
    for (Path cnf : cnfs) {
      InstanceLayout l = new InstanceLayout(cnf.getParent());
      Optional<ProcessHandle> p = ServerProcess.runningAt(l);
      if (p.isPresent()) {
        Pids.terminate(p.get(), ServerProcess.DEFAULT_STOP_TIMEOUT, "mysqld of " + l.dir());
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
