package dev.baton.backup.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.manifest.LsnRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoFilesTest {
  @TempDir
  Path dir;

  @Test
  void readsTheXtrabackupNames() throws IOException {
    Files.writeString(dir.resolve("xtrabackup_checkpoints"), "backup_type = incremental\nfrom_lsn = 44404\nto_lsn = 50211\n");
    Files.writeString(dir.resolve("xtrabackup_info"), "server_version = 10.11.19-MariaDB-log\n"
        + "binlog_pos = filename 'binlog.000001', position '848', GTID of the last change '0-1-3'\n");
    ServerPosition p = InfoFiles.read(dir);
    assertThat(p.lsns()).contains(new LsnRange(44404, 50211));
    assertThat(p.gtidSet()).isEqualTo("0-1-3");
    assertThat(p.serverVersion()).isEqualTo("10.11.19-MariaDB-log");
  }

  @Test
  void readsTheNewerMariadbNames() throws IOException {
    Files.writeString(dir.resolve("mariadb_backup_checkpoints"), "from_lsn = 0\nto_lsn = 7\n");
    Files.writeString(dir.resolve("mariadb_backup_info"), "server_version = 11.4.2-MariaDB\n");
    ServerPosition p = InfoFiles.read(dir);
    assertThat(p.lsns()).contains(new LsnRange(0, 7));
    assertThat(p.gtidSet()).isEmpty();
  }

  @Test
  void aMissingCheckpointsFileIsAnError() {
    assertThatThrownBy(() -> InfoFiles.read(dir)).hasMessageContaining("did not record its position");
  }
}
