package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What every flavor's dialect must do; each flavor's test runs this body and adds its own syntax checks. */
abstract class DialectContract {
  static final InstanceAddress SOURCE = new InstanceAddress("127.0.0.1", 3310);
  private static final Pattern GRANTEE = Pattern.compile(" TO ('[^']*'@'[^']*')");

  abstract Dialect dialect();

  static Credentials credentials() {
    Map<DbUser, String> pw = new EnumMap<>(DbUser.class);
    for (DbUser u : DbUser.values()) {
      pw.put(u, "pw-" + u.userName() + "-x");
    }
    return new Credentials(pw, "token");
  }

  static String account(DbUser user) {
    return "'" + user.userName() + "'@'" + (user == DbUser.ROOT ? "127.0.0.1" : "%") + "'";
  }

  private List<String> bootstrap() {
    return dialect().bootstrapPrimary(credentials(), "shop");
  }

  private static List<String> grantsTo(List<String> sql, String account) {
    return sql.stream().filter(s -> s.startsWith("GRANT ")).filter(s -> grantee(s).equals(account)).toList();
  }

  private static String grantee(String grant) {
    Matcher m = GRANTEE.matcher(grant);
    assertThat(m.find()).as("grantee in %s", grant).isTrue();
    return m.group(1);
  }

  @Test
  void dialectOfItsFlavorIsThisDialect() {
    assertThat(Dialect.of(dialect().flavor())).isEqualTo(dialect());
  }

  @Test
  void changeSourceNamesTheSourceAndTheUser() {
    String sql = dialect().changeSource(SOURCE, "repl", "pw", ServerSettings.DEFAULTS);

    assertThat(sql).contains("_HOST='127.0.0.1'").contains("_PORT=3310").contains("_USER='repl'");
  }

  @Test
  void changeSourceQuotesThePassword() {
    String sql = dialect().changeSource(SOURCE, "repl", "it's\\x", ServerSettings.DEFAULTS);

    assertThat(sql).contains("_PASSWORD='it\\'s\\\\x'");
  }

  @Test
  void changeSourceCarriesTheHeartbeatPeriodInSeconds() {
    ServerSettings oneSecond = new ServerSettings("128M", 500, Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofDays(1), true, Duration.ofSeconds(10), "");

    assertThat(dialect().changeSource(SOURCE, "repl", "pw", ServerSettings.DEFAULTS)).contains("_HEARTBEAT_PERIOD=0.5");
    assertThat(dialect().changeSource(SOURCE, "repl", "pw", oneSecond)).endsWith("_HEARTBEAT_PERIOD=1");
  }

  @Test
  void bootstrapCreatesEveryUserWithItsOwnQuotedPassword() {
    List<String> sql = bootstrap();

    for (DbUser u : DbUser.values()) {
      assertThat(sql).contains("CREATE USER " + account(u) + " IDENTIFIED BY 'pw-" + u.userName() + "-x'");
    }
  }

  @Test
  void bootstrapDropsEachUserBeforeCreatingItAndGrantsAfterwards() {
    List<String> sql = bootstrap();

    for (DbUser u : DbUser.values()) {
      int drop = sql.indexOf("DROP USER IF EXISTS " + account(u));
      int create = sql.indexOf("CREATE USER " + account(u) + " IDENTIFIED BY 'pw-" + u.userName() + "-x'");
      assertThat(drop).as("drop of %s", u).isNotNegative().isLessThan(create);
      for (String grant : grantsTo(sql, account(u))) {
        assertThat(sql.indexOf(grant)).as(grant).isGreaterThan(create);
      }
    }
  }

  @Test
  void bootstrapSetsTheLocalRootPasswordFirst() {
    assertThat(bootstrap().get(0)).isEqualTo("ALTER USER 'root'@'localhost' IDENTIFIED BY 'pw-root-x'");
  }

  @Test
  void everyUserGetsAtLeastOneGrantAndNoPlaceholderIsLeft() {
    List<String> sql = bootstrap();

    for (DbUser u : DbUser.values()) {
      assertThat(grantsTo(sql, account(u))).as("grants of %s", u).isNotEmpty();
    }
    assertThat(sql).noneMatch(s -> s.contains("{account}"));
  }

  @Test
  void onlyRootHoldsAllPrivilegesOnEverything() {
    List<String> sql = bootstrap();

    List<String> everything = sql.stream().filter(s -> s.contains("ALL PRIVILEGES ON *.*")).toList();
    assertThat(everything).isNotEmpty().allSatisfy(s -> assertThat(grantee(s)).isEqualTo(account(DbUser.ROOT)));
    assertThat(sql.stream().filter(s -> s.contains("WITH GRANT OPTION")))
        .allSatisfy(s -> assertThat(grantee(s)).isEqualTo(account(DbUser.ROOT)));
  }

  @Test
  void theApplicationUserHoldsPrivilegesOnItsDatabaseOnly() {
    assertThat(grantsTo(bootstrap(), account(DbUser.APP)))
        .containsExactly("GRANT ALL PRIVILEGES ON `shop`.* TO " + account(DbUser.APP));
  }

  @Test
  void theManagerHoldsAllPrivilegesOnlyOnBatonsSchema() {
    assertThat(grantsTo(bootstrap(), account(DbUser.MANAGER)))
        .filteredOn(g -> g.startsWith("GRANT ALL"))
        .containsExactly("GRANT ALL PRIVILEGES ON `baton`.* TO " + account(DbUser.MANAGER));
  }

  @Test
  void theReplicationUserMayOnlyReplicate() {
    assertThat(grantsTo(bootstrap(), account(DbUser.REPLICATION)))
        .containsExactly("GRANT REPLICATION SLAVE ON *.* TO " + account(DbUser.REPLICATION));
  }

  @Test
  void bootstrapCreatesTheApplicationDatabaseAndBatonsSchema() {
    assertThat(bootstrap()).contains("CREATE DATABASE IF NOT EXISTS `shop`", "CREATE DATABASE IF NOT EXISTS `baton`");
  }

  @Test
  void applicationDatabaseNamesAreQuotedAsIdentifiers() {
    List<String> sql = dialect().bootstrapPrimary(credentials(), "we`ird");

    assertThat(sql).contains("CREATE DATABASE IF NOT EXISTS `we``ird`");
  }
}
