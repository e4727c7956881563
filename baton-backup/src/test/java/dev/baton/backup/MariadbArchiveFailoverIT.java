package dev.baton.backup;

import dev.baton.core.cluster.Flavor;

class MariadbArchiveFailoverIT extends ArchiveFailoverScenario {
  @Override
  Flavor flavor() {
    return Flavor.MARIADB;
  }
}
