package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.local.ClusterDirectory;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A MariaDB cluster made with 'baton up --proxy-protocol': its router starts each connection to
 * a server with a PROXY v2 header, so the server sees the client's address, not the router's.
 * Clients connect from other loopback addresses (127.0.0.0/8 is all this machine's) to tell the
 * two apart; the agents and the router's health checks, which send no client's address, still
 * work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyProtocolIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private TestCluster cluster;
  private ClusterDirectory dir;
  private String appPassword;

  @BeforeAll
  void up() throws IOException {
    cluster = TestCluster.up("baton-proxy-protocol-", Flavor.MARIADB, "--proxy-protocol");
    dir = new ClusterDirectory(cluster.dir());
    appPassword = cluster.password("app");
  }

  @AfterAll
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void upAndStatusSayTheServersSeeTheClientsAddresses() throws Exception {
    assertThat(cluster.upOutput()).contains("PROXY protocol header");
    assertThat(dir.loadSpec().proxyProtocol()).isTrue();
    assertThat(CliRun.baton(dir.root(), "status").out()).contains("PROXY protocol header");
    assertThat(Files.readString(dir.routerLog())).contains("PROXY protocol v2 header from now on");
  }

  @Test
  void theServerBehindEachEndpointSeesTheClientsAddress() throws Exception {
    assertThat(serverSeenAddress(dir.loadSpec().writeEndpoint(), "127.0.0.2")).isEqualTo("127.0.0.2");
    assertThat(serverSeenAddress(dir.loadSpec().readEndpoint(), "127.0.0.3")).isEqualTo("127.0.0.3");
  }

  @Test
  void theMysqlCliWorksThroughTheWriteEndpoint() {
    CliRun sql = CliRun.process(Map.of(), dir.root(), "sql", "--batch", "-e", "SELECT CONCAT('seen ', SUBSTRING_INDEX(HOST, ':', 1))"
        + " FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()");

    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(sql.out()).contains("seen 127.0.0.1");
  }

  @Test
  void aClusterWithoutHeadersCannotBeGivenThemLaterNorMysqlAtCreation() {
    CliRun mysql = CliRun.baton(cluster.root().resolve("mysql"), "up", "--flavor", "mysql", "--proxy-protocol");

    assertThat(mysql.exitCode()).isEqualTo(1);
    assertThat(mysql.errLines()).singleElement().asString().contains("PROXY protocol", "--flavor mariadb");
    assertThat(cluster.root().resolve("mysql")).doesNotExist();
  }

  /** The client's address as the server behind {@code endpoint} has it, connecting from {@code from}. */
  private String serverSeenAddress(InstanceAddress endpoint, String from) {
    return await().atMost(WAIT).ignoreExceptions().until(() -> {
      Properties p = new Properties();
      p.setProperty("user", "app");
      p.setProperty("password", appPassword);
      p.setProperty("localSocketAddress", from);
      p.setProperty("sslMode", "DISABLED");
      p.setProperty("connectTimeout", "2000");
      p.setProperty("socketTimeout", "5000");
      try (Connection c = DriverManager.getConnection("jdbc:mysql://" + endpoint + "/", p);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT SUBSTRING_INDEX(HOST, ':', 1) FROM information_schema.PROCESSLIST"
              + " WHERE ID = CONNECTION_ID()")) {
        rs.next();
        return rs.getString(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, a -> a != null);
  }
}
