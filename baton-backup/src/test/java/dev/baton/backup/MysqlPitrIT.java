package dev.baton.backup;

import dev.baton.core.cluster.Flavor;

class MysqlPitrIT extends PitrScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }
}
