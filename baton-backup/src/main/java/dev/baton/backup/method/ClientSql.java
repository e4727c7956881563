package dev.baton.backup.method;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs SQL through the server's own command-line client with the backup account's option file:
 * the methods need a few statements (CLONE, version, GTID) and no JDBC pool.
 */
public final class ClientSql {
  private final LocalServer server;
  private final Path options;

  public ClientSql(LocalServer server, Path options) {
    this.server = server;
    this.options = options;
  }

  /** Runs the statements in order and returns the output (tab-separated rows, no headers). */
  public String run(List<String> statements, Duration timeout) throws IOException, InterruptedException {
    List<String> cmd = server.dist().clientCommand("--defaults-file=" + options, "--batch", "--skip-column-names");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try (OutputStream in = p.getOutputStream()) {
      for (String s : statements) {
        in.write((s + ";\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IOException("the client on " + server.layout().socket() + " stopped reading SQL: " + e.getMessage(), e);
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("SQL on " + server.layout().socket() + " took longer than " + timeout + ": " + statements);
    }
    String text = new String(out.join(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException("SQL on " + server.layout().socket() + " failed (exit " + p.exitValue() + "): "
          + text.replace('\n', ' '));
    }
    return text;
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return ("(output lost: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
    }
  }
}
