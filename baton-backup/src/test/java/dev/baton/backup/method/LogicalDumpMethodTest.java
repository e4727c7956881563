package dev.baton.backup.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.Flavor;
import org.junit.jupiter.api.Test;

class LogicalDumpMethodTest {
  @Test
  void mysqldumpsGtidSetComesFromItsHeaderEvenOverSeveralLines() {
    String header = "-- Server version\t9.7.4\n\nSET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n"
        + "4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2';\n";
    ServerPosition p = LogicalDumpMethod.parseEdges(header, Flavor.MYSQL);
    assertThat(p.serverVersion()).isEqualTo("9.7.4");
    assertThat(p.gtidSet()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2");
  }

  @Test
  void mariadbDumpsPositionComesFromItsEnd() {
    String edges = "-- Server version\t10.11.19-MariaDB-log\n-- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;\n...\n"
        + "-- SET GLOBAL gtid_slave_pos='0-1-42';\n";
    ServerPosition p = LogicalDumpMethod.parseEdges(edges, Flavor.MARIADB);
    assertThat(p.serverVersion()).isEqualTo("10.11.19-MariaDB-log");
    assertThat(p.gtidSet()).isEqualTo("0-1-42");
  }
}
