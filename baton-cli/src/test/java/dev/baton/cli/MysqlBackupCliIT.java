package dev.baton.cli;

import dev.baton.core.cluster.Flavor;

class MysqlBackupCliIT extends BackupCliScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }
}
