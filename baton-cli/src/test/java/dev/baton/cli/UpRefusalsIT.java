package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to 'baton up': one line each, nothing created or touched. */
class UpRefusalsIT {
  @TempDir Path tmp;

  @Test
  void anEvenNodeCountIsRefusedBeforeAnythingIsCreated() {
    Path dir = tmp.resolve("even");
    CliRun run = CliRun.baton(dir, "up", "--nodes", "4");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("--nodes 4", "odd");
    assertThat(dir).doesNotExist();
  }

  @Test
  void outOfRangeNodeCountsAreRefused() {
    for (String n : new String[] {"1", "9", "-3"}) {
      CliRun run = CliRun.baton(tmp.resolve("n" + n), "up", "--nodes", n);
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errLines()).singleElement().asString().contains("odd");
    }
  }

  @Test
  void anUnknownFlavorIsRefused() {
    CliRun run = CliRun.baton(tmp.resolve("pg"), "up", "--flavor", "postgres");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("unknown flavor 'postgres'", "mysql", "mariadb");
  }

  @Test
  void aDirectoryHoldingSomethingElseIsRefusedAndLeftUntouched() throws Exception {
    Path dir = tmp.resolve("precious");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("thesis.txt"), "years of work");
    CliRun run = CliRun.baton(dir, "up");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("holds no Baton cluster");
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("thesis.txt");
    }
    assertThat(Files.readString(dir.resolve("thesis.txt"))).isEqualTo("years of work");
  }

  @Test
  void aRequestedPortThatIsTakenIsRefusedNamingThePortAndWhatToDo() throws Exception {
    Path dir = tmp.resolve("taken");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      CliRun run = CliRun.baton(dir, "up", "--write-port", Integer.toString(port));
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errLines()).singleElement().asString()
          .contains("port 127.0.0.1:" + port + " (--write-port) is taken by another program", "choose another --write-port");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void aMissingServerNamesTheCommandThatInstallsIt() {
    // Points the MySQL distribution at an empty root through the environment the CLI reads.
    Path dir = tmp.resolve("noserver");
    CliRun run = CliRun.process(Map.of("BATON_MYSQL_ROOT", tmp.resolve("no-such-root").toString()), dir, "up");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("scripts/install-servers mysql");
    assertThat(dir).doesNotExist();
  }

  @Test
  void commandsOnADirectoryWithoutAClusterSayHowToCreateOne() {
    for (String cmd : new String[] {"status", "down", "credentials"}) {
      CliRun run = CliRun.baton(tmp.resolve("nothing"), cmd);
      assertThat(run.exitCode()).as(cmd).isEqualTo(1);
      assertThat(run.errLines()).as(cmd).singleElement().asString().contains("baton up");
    }
  }
}
