package dev.baton.coord.etcd;

import dev.baton.coord.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One etcd member (Debian's etcd-server) on loopback ports, its data in a directory of the
 * test. Elections are shortened so that etcd's minimum lease TTL is one second. Closing it
 * kills the process and waits for it.
 */
final class EtcdTestServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/etcd");
  static final Duration START_WAIT = Duration.ofSeconds(15);
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Path dataDir;
  private final int clientPort;
  private final int peerPort;
  private Process process;
  /** Kills etcd if the test JVM exits without closing this server. */
  private Thread killOnExit;

  private EtcdTestServer(Path dir) {
    this.dataDir = dir.resolve("etcd-data");
    List<Integer> ports = LoopbackPorts.free(2);
    this.clientPort = ports.get(0);
    this.peerPort = ports.get(1);
  }

  static EtcdTestServer start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install it with 'sudo scripts/install-servers tools'");
    }
    EtcdTestServer server = new EtcdTestServer(dir);
    server.startProcess();
    return server;
  }

  URI clientUrl() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  /** Kills etcd and starts it again on the same data and ports. */
  void restart() throws IOException, InterruptedException {
    kill();
    startProcess();
  }

  void kill() throws InterruptedException {
    stopProcess();
  }

  void startAgain() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    String peerUrl = "http://127.0.0.1:" + peerPort;
    process = new ProcessBuilder(BINARY.toString(),
        "--name", "baton-test",
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", clientUrl().toString(),
        "--advertise-client-urls", clientUrl().toString(),
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "baton-test=" + peerUrl,
        "--heartbeat-interval", "50",
        "--election-timeout", "500")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("etcd.log").toFile()))
        .start();
    killOnExit = new Thread(process::destroyForcibly, "kill-etcd-" + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
    awaitHealthy();
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(clientUrl().resolve("/health")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("etcd exited with status " + process.exitValue() + " while starting; see "
            + dataDir.resolveSibling("etcd.log"));
      }
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(50);
    }
    stopProcess();
    throw new IOException("etcd did not become healthy within " + START_WAIT.toSeconds() + " s; see "
        + dataDir.resolveSibling("etcd.log"));
  }

  private void stopProcess() throws InterruptedException {
    if (process == null) {
      return;
    }
    Runtime.getRuntime().removeShutdownHook(killOnExit);
    process.destroyForcibly();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("etcd (pid " + process.pid() + ") did not die within " + STOP_WAIT.toSeconds()
          + " s of SIGKILL");
    }
    process = null;
  }

  @Override
  public void close() {
    try {
      stopProcess();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for etcd to die", e);
    }
  }
}
