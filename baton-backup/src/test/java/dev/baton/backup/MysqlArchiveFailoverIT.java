package dev.baton.backup;

import dev.baton.core.cluster.Flavor;

class MysqlArchiveFailoverIT extends ArchiveFailoverScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }
}
