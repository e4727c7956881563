package dev.baton.backup;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.core.cluster.Flavor;

class MysqlBackupRestoreIT extends BackupRestoreScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }

  /** XtraBackup is not installed here: CLONE is the physical method. */
  @Override
  BackupMethodName expectedMethod() {
    return BackupMethodName.CLONE;
  }
}
