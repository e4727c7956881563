package dev.baton.backup.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupMethodsTest {
  @TempDir
  Path dir;

  ServerDistribution mysql() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("mysql/bin"));
    return new ServerDistribution(Flavor.MYSQL, List.of(), bin.resolve("mysqld"), executable(bin, "mysql"),
        Optional.empty(), Map.of());
  }

  ServerDistribution mariadb(boolean withBackupTools) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("mariadb/bin"));
    if (withBackupTools) {
      executable(bin, "mariadb-backup");
      executable(bin, "mbstream");
    }
    return new ServerDistribution(Flavor.MARIADB, List.of(), bin.resolve("mariadbd"), executable(bin, "mariadb"),
        Optional.empty(), Map.of());
  }

  static Path executable(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void mysqlUsesXtrabackupWhenItIsOnPath() throws IOException {
    Path tools = Files.createDirectories(dir.resolve("percona"));
    executable(tools, "xtrabackup");
    executable(tools, "xbstream");
    assertThat(new BackupMethods(mysql(), Map.of("PATH", tools.toString())).preferred().name())
        .isEqualTo(BackupMethodName.XTRABACKUP);
  }

  @Test
  void mysqlFallsBackToCloneWithoutXtrabackup() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    BackupMethods methods = new BackupMethods(mysql(), Map.of("PATH", empty.toString()));
    assertThat(methods.preferred().name()).isEqualTo(BackupMethodName.CLONE);
    assertThatThrownBy(() -> methods.named(BackupMethodName.XTRABACKUP)).isInstanceOf(BackupRefusedException.class)
        .hasMessageStartingWith("the xtrabackup method is not available for mysql here");
  }

  @Test
  void mariadbUsesMariadbBackupBesideItsClientElseALogicalDump() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(new BackupMethods(mariadb(true), Map.of("PATH", empty.toString())).preferred().name())
        .isEqualTo(BackupMethodName.MARIADB_BACKUP);
  }

  @Test
  void mariadbWithoutBackupToolsUsesALogicalDump() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    BackupMethods methods = new BackupMethods(mariadb(false), Map.of("PATH", empty.toString()));
    assertThat(methods.preferred().name()).isEqualTo(BackupMethodName.LOGICAL);
    assertThatThrownBy(() -> methods.named(BackupMethodName.CLONE)).isInstanceOf(BackupRefusedException.class);
  }
}
