package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.local.ClusterDirectory;
import dev.baton.core.cluster.ClusterSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Another program takes a port that 'baton up' planned for, after the plan checked it and before
 * the server binds it: as when two clusters start on one machine at once.
 */
class UpPortRaceIT {
  /** The creation writes cluster.json first; initializing the servers takes seconds after. */
  private static final Duration PLAN_WAIT = Duration.ofMinutes(2);

  @Test
  void anInstancePortTakenWhileTheClusterStartsIsReplacedAndTheClusterComesUpOnOtherPorts() throws Exception {
    raceFor(spec -> spec.nodes().get(0).mysqlPort());
  }

  /**
   * Routers stand by while their port is taken instead of exiting, so 'up' must tell another
   * program's listener from a router of the cluster: the router process's, or a sibling agent's.
   */
  @Test
  void aWriteEndpointPortTakenBeforeTheRouterProcessServesItIsReplacedToo() throws Exception {
    raceFor(ClusterSpec::writePort);
  }

  @Test
  void aWriteEndpointPortTakenBeforeTheAgentsServeItIsReplacedToo() throws Exception {
    raceFor(ClusterSpec::writePort, "--router", "agents");
  }

  private static void raceFor(ToIntFunction<ClusterSpec> portToTake, String... upOptions) throws Exception {
    Path dir = Files.createTempDirectory("baton-it-").resolve("race");
    CompletableFuture<ServerSocket> taker = CompletableFuture.supplyAsync(() -> takeOncePlanned(dir, portToTake));
    try {
      List<String> args = new ArrayList<>(List.of("up"));
      args.addAll(List.of(upOptions));
      CliRun up = CliRun.baton(dir, args.toArray(String[]::new));
      int taken = taker.get(10, TimeUnit.SECONDS).getLocalPort();

      assertThat(up.exitCode()).as("baton up: %s %s", up.out(), up.err()).isZero();
      assertThat(up.out()).contains("another program took port " + taken, "attempt 2 of 3");
      ClusterSpec spec = new ClusterDirectory(dir).loadSpec();
      assertThat(spec.allPorts()).doesNotContain(taken);
      assertThat(up.out()).contains("write endpoint  " + spec.writeEndpoint(), "read endpoint   " + spec.readEndpoint());
    } finally {
      taker.cancel(true);
      taker.thenAccept(UpPortRaceIT::close);
      try {
        CliRun.baton(dir, "down");
      } finally {
        ProcessCleanup.killAllUnder(dir);
        TestCluster.keepOnlyLogs(dir.getParent());
      }
    }
  }

  /** Polls for the plan and listens on the port it names as soon as it is known. */
  private static ServerSocket takeOncePlanned(Path dir, ToIntFunction<ClusterSpec> portToTake) {
    ClusterDirectory d = new ClusterDirectory(dir);
    long deadline = System.nanoTime() + PLAN_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(d.root().resolve(ClusterDirectory.SPEC_FILE))) {
          int port = portToTake.applyAsInt(d.loadSpec());
          return new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
        }
        Thread.sleep(5);
      } catch (IOException | RuntimeException e) {
        // cluster.json is being written: read it again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("baton up wrote no " + ClusterDirectory.SPEC_FILE + " within " + PLAN_WAIT);
  }

  private static void close(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      System.err.println("closing the listener on port " + s.getLocalPort() + ": " + e);
    }
  }
}
