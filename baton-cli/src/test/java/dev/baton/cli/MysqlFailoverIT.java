package dev.baton.cli;

import dev.baton.core.cluster.Flavor;

class MysqlFailoverIT extends FailoverScenario {
  @Override
  Flavor flavor() {
    return Flavor.MYSQL;
  }
}
