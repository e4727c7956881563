package dev.baton.backup;

import dev.baton.core.cluster.Flavor;

class MariadbPitrIT extends PitrScenario {
  @Override
  Flavor flavor() {
    return Flavor.MARIADB;
  }
}
