package dev.baton.cli;

import dev.baton.core.cluster.Flavor;

class MysqlLocalClusterIT extends LocalClusterScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }
}
