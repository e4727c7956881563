package dev.baton.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locates distributions from a synthetic environment; the programs are fake scripts that are never run. */
class ServerDistributionsTest {
  @TempDir
  Path tmp;

  /** An environment whose PATH holds nothing, so only the paths a test sets can be found. */
  private Map<String, String> env() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", Files.createDirectories(tmp.resolve("empty-path")).toString());
    return env;
  }

  private static Path script(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static Path plainFile(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not a program\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  @Test
  void missingMysqlRootIsReportedWithTheInstallCommand() throws IOException {
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQL_ROOT, tmp.resolve("no-mysql").toString());

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MYSQL))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("MySQL server not found in " + tmp.resolve("no-mysql"))
        .hasMessageContaining("'sudo scripts/install-servers mysql'")
        .hasMessageContaining(ServerDistributions.ENV_MYSQLD);
  }

  @Test
  void theInstallCommandIsNamedByItsFullPathWhenBatonHomeIsSet() throws IOException {
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQL_ROOT, tmp.resolve("no-mysql").toString());
    env.put(ServerDistributions.ENV_HOME, "/opt/baton-home");

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MYSQL))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("'sudo /opt/baton-home/scripts/install-servers mysql'");
  }

  @Test
  void anIncompleteMysqlRootIsNotUsed() throws IOException {
    Path root = tmp.resolve("mysql-sid");
    script(root.resolve("usr/sbin/mysqld"));
    script(root.resolve("lib64/ld-linux-x86-64.so.2"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQL_ROOT, root.toString());

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MYSQL))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("install-servers mysql");
  }

  @Test
  void aCompleteMysqlRootRunsThroughItsOwnLoader() throws IOException {
    Path root = tmp.resolve("mysql-sid");
    Path mysqld = script(root.resolve("usr/sbin/mysqld"));
    Path loader = script(root.resolve("lib64/ld-linux-x86-64.so.2"));
    Files.createFile(root.resolve(".baton-complete"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQL_ROOT, root.toString());

    ServerDistribution d = new ServerDistributions(env).locate(Flavor.MYSQL);

    assertThat(d.flavor()).isEqualTo(Flavor.MYSQL);
    assertThat(d.mysqld()).isEqualTo(mysqld);
    assertThat(d.client()).isEqualTo(root.resolve("usr/bin/mysql"));
    assertThat(d.installDb()).isEmpty();
    assertThat(d.launcher()).first().isEqualTo(loader.toString());
    assertThat(d.mysqldCommand("--version")).endsWith(mysqld.toString(), "--version");
    assertThat(d.serverOptions()).containsEntry("basedir", root.resolve("usr").toString())
        .containsKeys("plugin_dir", "lc_messages_dir", "character_sets_dir");
  }

  @Test
  void aNativeMysqldThatIsNotExecutableIsReportedClearly() throws IOException {
    Path notProgram = plainFile(tmp.resolve("mysqld"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQLD, notProgram.toString());

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MYSQL))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining(ServerDistributions.ENV_MYSQLD + "=" + notProgram)
        .hasMessageContaining("is not an executable file");
  }

  @Test
  void aNativeMysqldWithoutAClientAsksForTheClientVariable() throws IOException {
    Path mysqld = script(tmp.resolve("native/sbin/mysqld"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQLD, mysqld.toString());

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MYSQL))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining(ServerDistributions.ENV_MYSQL_CLIENT);
  }

  @Test
  void aNativeMysqldFindsTheClientBesideIt() throws IOException {
    Path mysqld = script(tmp.resolve("native/sbin/mysqld"));
    Path client = script(tmp.resolve("native/bin/mysql"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MYSQLD, mysqld.toString());

    ServerDistribution d = new ServerDistributions(env).locate(Flavor.MYSQL);

    assertThat(d.mysqld()).isEqualTo(mysqld);
    assertThat(d.client()).isEqualTo(client);
    assertThat(d.launcher()).isEmpty();
    assertThat(d.mysqldCommand("--version")).containsExactly(mysqld.toString(), "--version");
  }

  @Test
  void aFakeMariadbLayoutIsFoundThroughBatonMariadbd() throws IOException {
    Path mariadbd = script(tmp.resolve("sbin/mariadbd"));
    Path client = script(tmp.resolve("bin/mariadb"));
    Path installDb = script(tmp.resolve("bin/mariadb-install-db"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MARIADBD, mariadbd.toString());

    ServerDistribution d = new ServerDistributions(env).locate(Flavor.MARIADB);

    assertThat(d.flavor()).isEqualTo(Flavor.MARIADB);
    assertThat(d.mysqld()).isEqualTo(mariadbd);
    assertThat(d.client()).isEqualTo(client);
    assertThat(d.installDb()).isEqualTo(Optional.of(installDb));
    assertThat(d.launcher()).isEmpty();
    assertThat(d.serverOptions()).isEqualTo(Map.of("basedir", tmp.toString()));
    assertThat(d.clientCommand("-e", "SELECT 1")).isEqualTo(List.of(client.toString(), "-e", "SELECT 1"));
  }

  @Test
  void aMariadbWithoutInstallDbIsReportedWithTheInstallCommand() throws IOException {
    Path mariadbd = script(tmp.resolve("sbin/mariadbd"));
    script(tmp.resolve("bin/mariadb"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MARIADBD, mariadbd.toString());
    env.put(ServerDistributions.ENV_HOME, "/opt/baton-home");

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MARIADB))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("mariadb-install-db not found")
        .hasMessageContaining("'sudo /opt/baton-home/scripts/install-servers mariadb'");
  }

  @Test
  void aMariadbdThatIsNotExecutableIsReportedClearly() throws IOException {
    Path notProgram = plainFile(tmp.resolve("sbin/mariadbd"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MARIADBD, notProgram.toString());

    assertThatThrownBy(() -> new ServerDistributions(env).locate(Flavor.MARIADB))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining(notProgram + " is not an executable file");
  }

  @Test
  void theMariadbClientVariableWinsOverTheSibling() throws IOException {
    Path mariadbd = script(tmp.resolve("sbin/mariadbd"));
    script(tmp.resolve("bin/mariadb"));
    script(tmp.resolve("bin/mariadb-install-db"));
    Path other = script(tmp.resolve("elsewhere/mariadb"));
    Map<String, String> env = env();
    env.put(ServerDistributions.ENV_MARIADBD, mariadbd.toString());
    env.put(ServerDistributions.ENV_MARIADB_CLIENT, other.toString());

    assertThat(new ServerDistributions(env).locate(Flavor.MARIADB).client()).isEqualTo(other);
  }
}
