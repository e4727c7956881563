package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerSettings;
import org.junit.jupiter.api.Test;

class MysqlDialectTest extends DialectContract {

  @Override
  Dialect dialect() {
    return new MysqlDialect();
  }

  @Test
  void isTheMysqlFlavor() {
    assertThat(Dialect.of(Flavor.MYSQL)).isInstanceOf(MysqlDialect.class);
    assertThat(dialect().flavor()).isEqualTo(Flavor.MYSQL);
  }

  @Test
  void changeSourceUsesSourceSyntaxWithGtidAutoPosition() {
    String sql = dialect().changeSource(SOURCE, "repl", "pw", ServerSettings.DEFAULTS);

    assertThat(sql).startsWith("CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=3310")
        .contains("SOURCE_AUTO_POSITION=1")
        .contains("SOURCE_HEARTBEAT_PERIOD=0.5")
        .contains("SOURCE_PASSWORD='pw'")
        .doesNotContain("MASTER_");
  }

  @Test
  void changeSourceRetriesForADay() {
    assertThat(dialect().changeSource(SOURCE, "repl", "pw", ServerSettings.DEFAULTS))
        .contains("SOURCE_CONNECT_RETRY=1", "SOURCE_RETRY_COUNT=86400");
  }

  @Test
  void makeWritableTurnsOffSuperReadOnlyAndReadOnly() {
    assertThat(dialect().makeWritable())
        .containsExactly("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
  }

  @Test
  void makeReadOnlySetsSuperReadOnlyWhichImpliesReadOnly() {
    assertThat(dialect().makeReadOnly()).containsExactly("SET GLOBAL super_read_only = ON");
  }

  @Test
  void replicationIsStartedAndStoppedWithReplicaSyntax() {
    assertThat(dialect().startReplica()).isEqualTo("START REPLICA");
    assertThat(dialect().stopReplica()).isEqualTo("STOP REPLICA");
    assertThat(dialect().replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
  }

  @Test
  void instanceQueryReadsSuperReadOnlyAndGtidExecuted() {
    assertThat(dialect().instanceQuery()).contains("@@super_read_only", "@@gtid_executed", "@@server_uuid");
  }
}
