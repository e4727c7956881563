package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.backup.store.ObjectStore;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.InstanceLayout;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

class MariadbBackupRestoreIT extends BackupRestoreScenario {
  @Override
  Flavor flavor() {
    return Flavor.MARIADB;
  }

  @Override
  BackupMethodName expectedMethod() {
    return BackupMethodName.MARIADB_BACKUP;
  }

  @Test
  @Order(10)
  void anIncrementalChainRestoresRowsWrittenAfterTheFullBackup() throws Exception {
    try (ObjectStore store = new DirectoryObjectStore(dir.resolve("chain"))) {
      Backups backups = backups(store, Optional.empty());
      BackupMethod method = new BackupMethods(dist, System.getenv()).preferred();
      Manifest full = backups.take(method, server, BackupKind.FULL, dir.resolve("work"));
      sql(source, List.of("INSERT INTO app.t VALUES (100001, 'after the full backup')",
          "UPDATE app.t SET note = 'changed' WHERE id <= 10", "DELETE FROM app.t WHERE id BETWEEN 11 AND 20"));
      Manifest inc = backups.take(method, server, BackupKind.INCREMENTAL, dir.resolve("work"));
      assertThat(inc.parent()).contains(full.id());
      assertThat(inc.lsns().orElseThrow().from()).isEqualTo(full.lsns().orElseThrow().to());
      assertThat(backups.verify(inc.id())).containsExactly(full, inc);
      InstanceLayout restored = restoreAndStart(backups, inc, method);
      assertThat(sql(restored, List.of(ROWS))).isEqualTo(sql(source, List.of(ROWS)));
      assertThat(sql(restored, List.of("SELECT note FROM app.t WHERE id = 100001"))).isEqualTo("after the full backup");
    }
  }
}
