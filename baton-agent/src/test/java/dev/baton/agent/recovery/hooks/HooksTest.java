package dev.baton.agent.recovery.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksTest {
  @TempDir Path dir;

  private static final Map<String, String> VALUES = Map.of("failureType", "DeadPrimary", "failedHost", "127.0.0.1",
      "failedPort", "3310", "successorHost", "127.0.0.1", "successorPort", "3311", "clusterAlias", "local");

  @Test
  void placeholdersAreReplacedSingleQuotedAndUnknownOnesLeftAsWritten() {
    assertThat(HookCommand.render("notify {failureType} {failedHost}:{failedPort} {unknown}", VALUES))
        .isEqualTo("notify 'DeadPrimary' '127.0.0.1':'3310' {unknown}");
  }

  @Test
  void aValueCannotChangeTheShapeOfTheCommand() {
    assertThat(HookCommand.render("echo {clusterAlias}", Map.of("clusterAlias", "x'; rm -rf /; echo '")))
        .isEqualTo("echo 'x'\\''; rm -rf /; echo '\\'''");
  }

  @Test
  void valuesArePassedAsEnvironmentVariables() {
    assertThat(HookCommand.environment(Map.of("failedHost", "h", "isSuccessful", "true")))
        .containsEntry("BATON_FAILED_HOST", "h").containsEntry("BATON_IS_SUCCESSFUL", "true");
  }

  @Test
  void keysFollowOrchestratorsNames() {
    assertThat(HookEvent.POST_UNSUCCESSFUL_FAILOVER.key()).isEqualTo("postUnsuccessfulFailover");
    assertThat(HookEvent.PRE_FAILOVER.key()).isEqualTo("preFailover");
  }

  @Test
  void noFileMeansNoHooks() {
    assertThat(new Hooks(dir.resolve("hooks.json")).run(HookEvent.PRE_FAILOVER, VALUES)).isEmpty();
  }

  @Test
  void commandsRunWithTheirOutputAndExitCodeKept() throws Exception {
    Path file = dir.resolve("hooks.json");
    Files.writeString(file, "{\"postFailover\": [\"echo promoted {successorHost}:$BATON_SUCCESSOR_PORT\", \"exit 3\"]}");
    List<HookResult> results = new Hooks(file).run(HookEvent.POST_FAILOVER, VALUES);
    assertThat(results).hasSize(2);
    assertThat(results.get(0).output()).isEqualTo("promoted 127.0.0.1:3311");
    assertThat(results.get(0).succeeded()).isTrue();
    assertThat(results.get(1).exitCode()).isEqualTo(3);
  }

  @Test
  void aFailingPreHookStopsTheRestAndVetoes() throws Exception {
    Path file = dir.resolve("hooks.json");
    Files.writeString(file, "{\"preFailover\": [\"echo not now; exit 1\", \"echo never\"]}");
    List<HookResult> results = new Hooks(file).run(HookEvent.PRE_FAILOVER, VALUES);
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.succeeded()).isFalse();
      assertThat(r.output()).isEqualTo("not now");
    });
  }

  @Test
  void aHookThatOverrunsItsTimeoutIsKilledAndCountsAsFailed() throws Exception {
    Path file = dir.resolve("hooks.json");
    Files.writeString(file, "{\"preSwitchover\": \"sleep 30\", \"timeoutSeconds\": 1}");
    long t0 = System.nanoTime();
    List<HookResult> results = new Hooks(file).run(HookEvent.PRE_SWITCHOVER, VALUES);
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.exitCode()).isEqualTo(-1);
      assertThat(r.output()).contains("timed out");
    });
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(20);
  }

  @Test
  void anUnreadableFileRunsNoHooks() throws Exception {
    Path file = dir.resolve("hooks.json");
    Files.writeString(file, "{not json");
    assertThat(new Hooks(file).run(HookEvent.PRE_FAILOVER, VALUES)).isEmpty();
  }
}
