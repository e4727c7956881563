package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerSettings;
import org.junit.jupiter.api.Test;

class MariadbDialectTest extends DialectContract {

  @Override
  Dialect dialect() {
    return new MariadbDialect();
  }

  @Test
  void isTheMariadbFlavor() {
    assertThat(Dialect.of(Flavor.MARIADB)).isInstanceOf(MariadbDialect.class);
    assertThat(dialect().flavor()).isEqualTo(Flavor.MARIADB);
  }

  @Test
  void changeSourceUsesMasterSyntaxWithGtidSlavePos() {
    String sql = dialect().changeSource(SOURCE, "repl", "pw", ServerSettings.DEFAULTS);

    assertThat(sql).startsWith("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=3310")
        .contains("MASTER_USE_GTID=slave_pos")
        .contains("MASTER_HEARTBEAT_PERIOD=0.5")
        .contains("MASTER_PASSWORD='pw'")
        .doesNotContain("SOURCE_");
  }

  @Test
  void makeWritableAndReadOnlyUseReadOnlyAlone() {
    assertThat(dialect().makeWritable()).containsExactly("SET GLOBAL read_only = OFF");
    assertThat(dialect().makeReadOnly()).containsExactly("SET GLOBAL read_only = ON");
  }

  @Test
  void neverMentionsSuperReadOnlyWhichMariadbLacks() {
    assertThat(dialect().makeWritable()).noneMatch(s -> s.contains("super_read_only"));
    assertThat(dialect().makeReadOnly()).noneMatch(s -> s.contains("super_read_only"));
    assertThat(dialect().instanceQuery()).doesNotContain("super_read_only").contains("@@gtid_current_pos");
  }

  @Test
  void replicationIsStartedAndStoppedWithSlaveSyntax() {
    assertThat(dialect().startReplica()).isEqualTo("START SLAVE");
    assertThat(dialect().stopReplica()).isEqualTo("STOP SLAVE");
    assertThat(dialect().replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
  }
}
