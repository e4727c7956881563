package dev.baton.mysql.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs SQL through the flavor's own command-line client over the instance's Unix socket as the
 * OS-local root account. Used once, before any network account exists; SQL goes in on standard
 * input so that no secret appears in a process list.
 */
public final class SocketClient {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  private final ServerDistribution dist;
  private final InstanceLayout layout;

  public SocketClient(ServerDistribution dist, InstanceLayout layout) {
    this.dist = dist;
    this.layout = layout;
  }

  public String run(List<String> statements, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(dist.clientCommand("--no-defaults", "--user=root", "--socket=" + layout.socket(),
        "--batch", "--skip-column-names")).redirectErrorStream(true).start();
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try (OutputStream in = p.getOutputStream()) {
      for (String s : statements) {
        in.write((s + ";\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("the " + dist.client().getFileName() + " client on " + layout.socket() + " took longer than "
          + timeout);
    }
    String out = new String(output.join(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException("SQL on " + layout.socket() + " failed (exit " + p.exitValue() + "): " + out);
    }
    return out;
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return ("(output lost: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
    }
  }
}
