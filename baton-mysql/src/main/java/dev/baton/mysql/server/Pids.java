package dev.baton.mysql.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pid files and bounded termination of the detached processes Baton starts. */
public final class Pids {
  private static final Logger log = LoggerFactory.getLogger(Pids.class);

  private Pids() {}

  /**
   * Polls rather than using {@link ProcessHandle#onExit()}: for a process that is not our child
   * that backs off to about a second between checks, which made every stop slower than needed.
   */
  private static boolean awaitExit(ProcessHandle process, long deadlineNanos) throws InterruptedException {
    while (process.isAlive()) {
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  public static Optional<Long> read(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static void write(Path pidFile, long pid) throws IOException {
    Files.writeString(pidFile, pid + "\n");
  }

  /** SIGKILL (which also ends a stopped process) and wait up to {@code wait}. Returns whether it is gone. */
  public static boolean kill(ProcessHandle process, Duration wait) throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(process, System.nanoTime() + wait.toNanos());
  }

  /** SIGTERM, wait up to the timeout, then SIGKILL. Returns whether the process ended cleanly. */
  public static boolean terminate(ProcessHandle process, Duration timeout, String what) throws InterruptedException {
    return terminateAll(Map.of(process, what), timeout);
  }

  /**
   * SIGTERM to all at once, so that they shut down in parallel; then each gets what is left of
   * the timeout before SIGKILL. Returns whether all ended cleanly.
   */
  public static boolean terminateAll(Map<ProcessHandle, String> processes, Duration timeout) throws InterruptedException {
    processes.keySet().forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    for (Map.Entry<ProcessHandle, String> e : processes.entrySet()) {
      ProcessHandle process = e.getKey();
      if (!awaitExit(process, deadline)) {
        log.warn("{} (pid {}) did not stop within {} of SIGTERM; sending SIGKILL", e.getValue(), process.pid(), timeout);
        clean = false;
        process.destroyForcibly();
        if (!awaitExit(process, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
          log.warn("{} (pid {}) still present 10 s after SIGKILL", e.getValue(), process.pid());
        }
      }
    }
    return clean;
  }
}
