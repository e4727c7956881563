package dev.baton.mysql.server;

import dev.baton.core.cluster.PortInUseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one instance's mysqld as a detached process (its own session, so that it
 * outlives the command that started it), and initializes its data directory.
 */
public final class ServerProcess {
  public static final Duration DEFAULT_INITIALIZE_TIMEOUT = Duration.ofMinutes(3);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

  private final ServerDistribution dist;
  private final InstanceLayout layout;

  public ServerProcess(ServerDistribution dist, InstanceLayout layout) {
    this.dist = dist;
    this.layout = layout;
  }

  /** Creates the system tables in an empty data directory; marks it initialized only when that worked. */
  public void initialize(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(layout.dataDir());
    Files.createDirectories(layout.tmpDir());
    List<String> cmd = switch (dist.flavor()) {
      // Command-line options override my.cnf: the bootstrap itself must be able to write.
      case MYSQL -> dist.mysqldCommand("--defaults-file=" + layout.myCnf(), "--initialize-insecure",
          "--super-read-only=OFF", "--read-only=OFF");
      case MARIADB -> dist.command(dist.installDb().orElseThrow(), "--defaults-file=" + layout.myCnf(),
          "--auth-root-authentication-method=normal", "--skip-test-db");
    };
    Path out = layout.dir().resolve("initialize.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("initializing " + layout.dataDir() + " took longer than " + timeout + "; see " + out);
    }
    if (p.exitValue() != 0) {
      throw new IOException("initializing " + layout.dataDir() + " failed (exit " + p.exitValue() + "): "
          + lastLines(out, 3) + " (full output in " + out + ")");
    }
    Files.writeString(layout.initializedMarker(), Instant.now() + "\n");
  }

  public boolean initialized() {
    return Files.exists(layout.initializedMarker());
  }

  /**
   * Starts mysqld detached and returns once it accepts connections on its socket.
   *
   * @throws PortInUseException when it stopped because another program holds its port
   */
  public long start(Duration timeout) throws IOException, InterruptedException {
    Files.deleteIfExists(layout.socket());
    Files.createDirectories(layout.tmpDir());
    LogMark errors = LogMark.at(layout.errorLog());
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(dist.mysqldCommand("--defaults-file=" + layout.myCnf()));
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.dir().resolve("mysqld.out").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        OptionalInt taken = MysqldLog.portInUse(errors.textSince());
        if (taken.isPresent()) {
          throw new PortInUseException(taken.getAsInt(), describe() + " could not listen on port " + taken.getAsInt()
              + ": another program holds it (see " + layout.errorLog() + ")");
        }
        throw new IOException("mysqld for " + layout.dir() + " exited with status " + p.exitValue() + " while starting: "
            + lastLines(layout.errorLog(), 3) + " (see " + layout.errorLog() + ")");
      }
      if (Files.exists(layout.socket()) && Files.exists(layout.pidFile())) {
        log.info("mysqld started for {} (pid {})", layout.dir(), p.pid());
        return p.pid();
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("mysqld for " + layout.dir() + " did not become ready within " + timeout + ": "
        + lastLines(layout.errorLog(), 3));
  }

  public Optional<ProcessHandle> running() {
    return runningAt(layout);
  }

  /** The running mysqld of an instance, found by its pid file and checked by its command line (pids get reused). */
  public static Optional<ProcessHandle> runningAt(InstanceLayout layout) {
    return Pids.read(layout.pidFile()).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(layout.myCnf().toString())).orElse(false));
  }

  public String describe() {
    return "mysqld of " + layout.dir();
  }

  static String lastLines(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }
}
