package dev.baton.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Backstop for tests: kills every process whose command line names a test's directory, so a
 * failed test never leaves servers, agents or routers behind.
 */
final class ProcessCleanup {
  private ProcessCleanup() {}

  static List<ProcessHandle> processesUnder(Path dir) {
    String marker = dir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  static void killAllUnder(Path dir) {
    List<ProcessHandle> left = processesUnder(dir);
    left.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : left) {
      try {
        p.onExit().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        System.err.println("process " + p.pid() + " under " + dir + " did not exit after SIGKILL");
      }
    }
  }
}
