package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'baton router' as a user runs it on an application host, given agent URLs where no agent
 * answers and a port that is taken: clear lines, a router that keeps going (and takes the port
 * once it is free), and no client sent anywhere.
 */
class StandaloneRouterIT {
  /** The router's hold timeout (RouterSettings) and a margin for a loaded machine. */
  private static final Duration HOLD_AND_MARGIN = Duration.ofSeconds(15);

  @TempDir Path tmp;

  @Test
  void agentsThatNeverAnswerAreReportedOnceAndClientsAreHeldThenClosed() throws Exception {
    String agents = "http://127.0.0.1:" + BackupCliScenario.freePort() + ",http://127.0.0.1:"
        + BackupCliScenario.freePort();
    int writePort = BackupCliScenario.freePort();
    Path log = tmp.resolve("router.log");
    Process router = startAsUser(log, "router", "--agents", agents, "--write-port", Integer.toString(writePort),
        "--read-port", Integer.toString(BackupCliScenario.freePort()));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("no agent answers"));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), writePort)) {
        client.setSoTimeout((int) HOLD_AND_MARGIN.toMillis());
        InputStream in = client.getInputStream();
        assertThat(in.read()).as("a held client gets no server greeting, only the close at the hold timeout")
            .isEqualTo(-1);
      }
      // The hold lasted 5 s: the follower has since retried both agents at least once more.
      assertThat(router.isAlive()).isTrue();
      List<String> warnings = Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ")).toList();
      assertThat(warnings).hasSize(3);
      assertThat(warnings.subList(0, 2)).allSatisfy(w -> assertThat(w).contains("unavailable", "trying"));
      assertThat(warnings.get(2)).contains("no agent answers", "routing in force stays");
      assertThat(Files.readString(log)).doesNotContain("Exception", "\tat ");
    } finally {
      router.destroy();
      if (!router.waitFor(10, TimeUnit.SECONDS)) {
        router.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aWritePortThatIsTakenIsOneLineAndTheRouterServesOnceItIsFree() throws Exception {
    Path log = tmp.resolve("standing-by.log");
    int port;
    Process router;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = taken.getLocalPort();
      router = startAsUser(log, "router", "--agents", "http://127.0.0.1:" + BackupCliScenario.freePort(),
          "--write-port", Integer.toString(port), "--read-port", Integer.toString(BackupCliScenario.freePort()));
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("standing by"));
      // Some of its retries, each of which found the port still taken.
      Thread.sleep(1000);
      assertThat(router.isAlive()).isTrue();
    }
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("serving the write endpoint"));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        assertThat(client.isConnected()).isTrue();
      }
      List<String> taken = Files.readAllLines(log).stream().filter(l -> l.contains("is already in use")).toList();
      assertThat(taken).singleElement().asString()
          .contains("write endpoint port 127.0.0.1:" + port + " is already in use", "standing by");
      assertThat(Files.readString(log)).doesNotContain("Exception", "\tat ");
    } finally {
      router.destroy();
      if (!router.waitFor(10, TimeUnit.SECONDS)) {
        router.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The command in a JVM of its own, output and errors into {@code log}, with no log level given. */
  private static Process startAsUser(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(JavaLauncher.batonCommand());
    cmd.removeIf(arg -> arg.startsWith("-D" + JavaLauncher.LOG_LEVEL_PROPERTY + "="));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void anAgentUrlWithoutSchemeIsOneLineAndExitCodeOne() {
    CliRun run = CliRun.baton(null, "router", "--agents", "127.0.0.1:3000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("'127.0.0.1:3000'", "http://HOST:PORT");
  }
}
