package dev.baton.cli;

import dev.baton.core.cluster.Flavor;

class MariadbLocalClusterIT extends LocalClusterScenario {
  @Override
  Flavor flavor() {
    return Flavor.MARIADB;
  }
}
