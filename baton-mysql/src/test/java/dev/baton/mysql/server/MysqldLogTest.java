package dev.baton.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Against the lines the installed servers wrote when their port was held by another listener. */
class MysqldLogTest {
  private static final String MYSQL_97 = """
      2026-11-26T13:14:01.065094Z 0 [System] [MY-013602] [Server] Channel mysql_main configured to support TLS.
      2026-11-26T13:14:01.066029Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use
      2026-11-26T13:14:01.066037Z 0 [ERROR] [MY-010257] [Server] Do you already have another mysqld server running on port: 45991 ?
      2026-11-26T13:14:01.066054Z 0 [ERROR] [MY-010119] [Server] Aborting
      2026-11-26T13:14:02.600207Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 9.7.4-2)  (Debian).
      """;
  private static final String MARIADB_1011 = """
      2026-11-26 13:13:59 0 [Note] Server socket created on IP: '127.0.0.1', port: '45991'.
      2026-11-26 13:13:59 0 [ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use
      2026-11-26 13:13:59 0 [ERROR] Do you already have another server running on port: 45991 ?
      2026-11-26 13:13:59 0 [ERROR] Aborting
      """;

  @Test
  void findsTheTakenPortInMysqlsLog() {
    assertThat(MysqldLog.portInUse(MYSQL_97)).isEqualTo(OptionalInt.of(45991));
  }

  @Test
  void findsTheTakenPortInMariadbsLog() {
    assertThat(MysqldLog.portInUse(MARIADB_1011)).isEqualTo(OptionalInt.of(45991));
  }

  @Test
  void aBindFailureForAnotherReasonIsNotATakenPort() {
    String notLocal = """
        [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Cannot assign requested address
        [ERROR] [MY-010257] [Server] Do you already have another mysqld server running on port: 3310 ?
        """;
    assertThat(MysqldLog.portInUse(notLocal)).isEmpty();
  }

  @Test
  void aTakenUnixSocketIsNotATakenPort() {
    String socket = """
        [ERROR] Can't start server : Bind on unix socket: Address already in use
        [ERROR] Do you already have another server running on socket: /tmp/c/node1/mysqld.sock ?
        """;
    assertThat(MysqldLog.portInUse(socket)).isEmpty();
  }

  @Test
  void otherStartFailuresAreNotTakenPorts() {
    assertThat(MysqldLog.portInUse("[ERROR] [MY-010119] [Server] Aborting\n")).isEmpty();
    assertThat(MysqldLog.portInUse("")).isEmpty();
  }
}
