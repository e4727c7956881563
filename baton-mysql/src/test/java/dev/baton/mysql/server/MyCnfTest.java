package dev.baton.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Renders my.cnf for fake distributions: the paths are only written, never run. */
class MyCnfTest {
  private static final InstanceLayout LAYOUT = new InstanceLayout(Path.of("/var/baton/local/node2"));
  private static final InstanceAddress ADDRESS = new InstanceAddress("127.0.0.1", 3311);
  private static final ServerSettings SETTINGS = new ServerSettings("256M", 300, Duration.ofSeconds(5),
      Duration.ofSeconds(1), Duration.ofDays(3), true, Duration.ofSeconds(10), "");

  private static ServerDistribution dist(Flavor flavor, Map<String, String> serverOptions) {
    return new ServerDistribution(flavor, List.of(), Path.of("/fake/sbin/mysqld"), Path.of("/fake/bin/mysql"),
        Optional.empty(), serverOptions);
  }

  private static Map<String, String> render(Flavor flavor) {
    return render(dist(flavor, Map.of("basedir", "/fake")), Optional.empty());
  }

  private static Map<String, String> render(ServerDistribution dist, Optional<String> user) {
    return options(MyCnf.render(dist, LAYOUT, 2, ADDRESS, SETTINGS, user));
  }

  /** The [mysqld] options in file order; fails on a duplicate, which the servers would resolve silently. */
  private static Map<String, String> options(String cnf) {
    List<String> lines = cnf.lines().toList();
    assertThat(lines).contains("[mysqld]");
    Map<String, String> o = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (String line : lines.subList(lines.indexOf("[mysqld]") + 1, lines.size())) {
      int eq = line.indexOf('=');
      assertThat(eq).as("option line %s", line).isPositive();
      String key = line.substring(0, eq);
      assertThat(seen.add(key)).as("%s appears once", key).isTrue();
      o.put(key, line.substring(eq + 1));
    }
    return o;
  }

  @Test
  void startsWithACommentThenTheServerSection() {
    String cnf = MyCnf.render(dist(Flavor.MYSQL, Map.of()), LAYOUT, 2, ADDRESS, SETTINGS, Optional.empty());

    assertThat(cnf).startsWith("# ").contains("\n[mysqld]\n").endsWith("\n");
  }

  @Test
  void identifiesTheInstanceForBothFlavors() {
    for (Flavor flavor : Flavor.values()) {
      assertThat(render(flavor)).contains(
          entry("server_id", "2"), entry("port", "3311"), entry("bind_address", "127.0.0.1"),
          entry("report_host", "127.0.0.1"), entry("report_port", "3311"));
    }
  }

  @Test
  void placesTheInstancesFilesInItsDirectory() {
    assertThat(render(Flavor.MYSQL)).contains(
        entry("socket", "/var/baton/local/node2/mysqld.sock"),
        entry("datadir", "/var/baton/local/node2/data"),
        entry("pid_file", "/var/baton/local/node2/mysqld.pid"),
        entry("log_error", "/var/baton/local/node2/mysqld.log"));
  }

  @Test
  void everyInstanceStartsReadOnlyForBothFlavors() {
    for (Flavor flavor : Flavor.values()) {
      assertThat(render(flavor)).as(flavor.id()).contains(entry("read_only", "ON"));
    }
  }

  @Test
  void mysqlStartsSuperReadOnlyWithGtidsAndWithoutStartingReplication() {
    assertThat(render(Flavor.MYSQL)).contains(
        entry("super_read_only", "ON"), entry("skip_replica_start", "ON"), entry("gtid_mode", "ON"),
        entry("enforce_gtid_consistency", "ON"), entry("log_replica_updates", "ON"));
  }

  @Test
  void mariadbUsesStrictGtidsAndDoesNotStartReplication() {
    assertThat(render(Flavor.MARIADB)).contains(
        entry("gtid_strict_mode", "ON"), entry("skip_slave_start", "ON"), entry("log_slave_updates", "ON"),
        entry("binlog_format", "ROW"));
  }

  @Test
  void mariadbGetsNoMysqlOnlyOptionsItWouldRefuseToStartWith() {
    assertThat(render(Flavor.MARIADB)).doesNotContainKeys(
        "super_read_only", "gtid_mode", "enforce_gtid_consistency", "mysqlx", "replica_net_timeout",
        "skip_replica_start");
  }

  @Test
  void mysqlGetsNoMariadbOnlyOptions() {
    assertThat(render(Flavor.MYSQL)).doesNotContainKeys("gtid_strict_mode", "slave_net_timeout", "skip_slave_start");
  }

  @Test
  void netTimeoutComesFromTheSettingsUnderEachFlavorsName() {
    assertThat(render(Flavor.MYSQL)).contains(entry("replica_net_timeout", "5"));
    assertThat(render(Flavor.MARIADB)).contains(entry("slave_net_timeout", "5"));
  }

  @Test
  void sizesAndRetentionComeFromTheSettings() {
    for (Flavor flavor : Flavor.values()) {
      assertThat(render(flavor)).contains(entry("innodb_buffer_pool_size", "256M"), entry("max_connections", "300"),
          entry("binlog_expire_logs_seconds", Long.toString(Duration.ofDays(3).toSeconds())));
    }
  }

  @Test
  void writesAreDurable() {
    assertThat(render(Flavor.MYSQL)).contains(entry("sync_binlog", "1"), entry("innodb_flush_log_at_trx_commit", "1"),
        entry("relay_log_recovery", "ON"));
  }

  @Test
  void theDistributionsServerOptionsAppear() {
    ServerDistribution dist = dist(Flavor.MYSQL, Map.of("basedir", "/fake/usr", "plugin_dir", "/fake/plugins"));

    assertThat(render(dist, Optional.empty())).contains(entry("basedir", "/fake/usr"), entry("plugin_dir", "/fake/plugins"));
  }

  @Test
  void serverOptionsCannotMakeAnInstanceStartWritable() {
    ServerDistribution dist = dist(Flavor.MYSQL, Map.of("read_only", "OFF", "super_read_only", "OFF"));

    assertThat(render(dist, Optional.empty())).contains(entry("read_only", "ON"), entry("super_read_only", "ON"));
  }

  @Test
  void userIsWrittenOnlyWhenGiven() {
    ServerDistribution dist = dist(Flavor.MARIADB, Map.of());

    assertThat(render(dist, Optional.of("mysql"))).contains(entry("user", "mysql"));
    assertThat(render(dist, Optional.empty())).doesNotContainKey("user");
  }

  @Test
  void proxyHeadersAreAcceptedOnlyFromTheNetworksGiven() {
    ServerDistribution dist = dist(Flavor.MARIADB, Map.of());

    assertThat(options(MyCnf.render(dist, LAYOUT, 2, ADDRESS, SETTINGS.withProxyProtocolNetworks("127.0.0.1"),
        Optional.empty()))).contains(entry("proxy_protocol_networks", "127.0.0.1"));
    assertThat(render(dist, Optional.empty())).doesNotContainKey("proxy_protocol_networks");
  }
}
