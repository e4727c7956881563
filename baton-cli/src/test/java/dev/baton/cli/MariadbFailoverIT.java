package dev.baton.cli;

import dev.baton.core.cluster.Flavor;

class MariadbFailoverIT extends FailoverScenario {
  @Override
  Flavor flavor() {
    return Flavor.MARIADB;
  }
}
