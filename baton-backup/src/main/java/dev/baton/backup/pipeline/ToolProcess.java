package dev.baton.backup.pipeline;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One external tool of a pipeline (mariadb-backup, tar, mbstream...). Its diagnostics are
 * drained all along, so that a chatty tool never blocks on a full pipe, and their last lines go
 * into the error when it fails.
 */
public final class ToolProcess implements Source {
  /** Diagnostic lines kept for an error message. */
  static final int TAIL_LINES = 5;
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread drain;

  private ToolProcess(String name, Process process, InputStream diagnostics) {
    this.name = name;
    this.process = process;
    this.drain = new Thread(() -> keepTail(diagnostics), name + "-stderr");
    drain.setDaemon(true);
    drain.start();
  }

  /** A tool whose standard output is the stream; its input is empty. */
  public static ToolProcess producer(String name, List<String> command) throws IOException {
    Process p = start(name, new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
    return new ToolProcess(name, p, p.getErrorStream());
  }

  /** A tool that consumes a stream on its standard input; its output counts as diagnostics. */
  public static ToolProcess consumer(String name, List<String> command) throws IOException {
    Process p = start(name, new ProcessBuilder(command).redirectErrorStream(true));
    return new ToolProcess(name, p, p.getInputStream());
  }

  private static Process start(String name, ProcessBuilder pb) throws IOException {
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start " + name + " (" + pb.command().get(0) + "): " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InputStream stream() {
    return process.getInputStream();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public void awaitSuccess(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IOException(name + " did not exit within " + timeout + " after its stream ended; killed it");
    }
    drain.join(KILL_TIMEOUT.toMillis());
    if (process.exitValue() != 0) {
      throw new IOException(name + " exited with status " + process.exitValue() + ": " + tail());
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The tool's last diagnostic lines, joined on one line. */
  public String tail() {
    synchronized (tail) {
      return tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
    }
  }

  private void keepTail(InputStream diagnostics) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(diagnostics, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        synchronized (tail) {
          tail.addLast(line.strip());
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException closed) {
      // The process went away; what was read is kept.
    }
  }
}
