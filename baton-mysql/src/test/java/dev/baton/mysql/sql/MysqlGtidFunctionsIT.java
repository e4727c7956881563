package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.gtid.MysqlGtidSet;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.MyCnf;
import dev.baton.mysql.server.Pids;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import dev.baton.mysql.server.ServerProcess;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.server.SocketClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds {@link MysqlGtidSet} to the server's own GTID algebra on a real MySQL: GTID_SUBTRACT,
 * GTID_SUBSET and the server's normalization, over random pairs of sets written untidily
 * (unsorted, overlapping, upper case, tags, numbers near the limit). The sets are random but
 * reproducible: a failure names its seed, and {@code -Dbaton.gtid.seed=N} replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlGtidFunctionsIT {
  static final int PAIRS = 300;
  static final String USER = "gtidtest";
  /** ER_MALFORMED_GTID_SET_SPECIFICATION. */
  static final int MALFORMED_GTID_SET = 1772;
  /** The largest transaction number MySQL accepts. */
  static final long MAX_TRANSACTION = Long.MAX_VALUE - 1;
  static final String U = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  static final List<String> UUIDS = List.of(U, "aaaaaaaa-71ca-11e1-9e33-c80aa9429562", "0d1f2e3c-0000-4000-8000-00000000000a");
  static final List<String> TAGS = List.of("blue", "Red_2", "_x");
  static final List<String> SEPARATORS = List.of(",", ",\n", " , ", ",,");

  @TempDir
  static Path dir;
  private final long seed = Long.getLong("baton.gtid.seed", System.nanoTime());
  private ServerProcess server;
  private Connection connection;

  @BeforeAll
  void startServer() throws Exception {
    ServerDistribution dist = new ServerDistributions(System.getenv()).locate(Flavor.MYSQL);
    InstanceLayout layout = new InstanceLayout(dir.resolve("mysql"));
    InstanceAddress address = new InstanceAddress("127.0.0.1", freePort());
    Optional<String> runAs = "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    Files.createDirectories(layout.dir());
    Files.writeString(layout.myCnf(), MyCnf.render(dist, layout, 1, address, ServerSettings.DEFAULTS, runAs));
    server = new ServerProcess(dist, layout);
    server.initialize(ServerProcess.DEFAULT_INITIALIZE_TIMEOUT);
    server.start(ServerProcess.DEFAULT_START_TIMEOUT);
    // The GTID functions need no privilege: the account only has to log in.
    String password = UUID.randomUUID().toString();
    List<String> setup = new ArrayList<>(Dialect.of(Flavor.MYSQL).makeWritable());
    setup.add("CREATE USER " + SqlText.quote(USER) + "@'127.0.0.1' IDENTIFIED BY " + SqlText.quote(password));
    new SocketClient(dist, layout).run(setup, SocketClient.DEFAULT_TIMEOUT);
    connection = Jdbc.open(address, USER, password);
  }

  @AfterAll
  void stopServer() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (server != null) {
        Optional<ProcessHandle> running = server.running();
        if (running.isPresent()) {
          Pids.terminate(running.get(), ServerProcess.DEFAULT_STOP_TIMEOUT, server.describe());
        }
      }
    }
  }

  @Test
  void printsExactlyWhatTheServerPrints() throws SQLException {
    Random random = new Random(seed);
    for (int i = 0; i < PAIRS; i++) {
      String text = randomSetText(random);

      assertThat(MysqlGtidSet.parse(text)).as(failure(text)).hasToString(normalizedByServer(text).orElseThrow());
    }
  }

  @Test
  void subtractAgreesWithGtidSubtract() throws SQLException {
    Random random = new Random(seed);
    for (int i = 0; i < PAIRS; i++) {
      String a = randomSetText(random);
      String b = random.nextBoolean() ? randomSetText(random) : a + "," + randomSetText(random);
      String server = single("SELECT GTID_SUBTRACT(?, ?)", a, b);
      MysqlGtidSet ours = MysqlGtidSet.parse(a).subtract(MysqlGtidSet.parse(b));

      assertThat(ours).as(failure(a, b)).isEqualTo(MysqlGtidSet.parse(server)).hasToString(server);
    }
  }

  @Test
  void isContainedInAgreesWithGtidSubsetBothWays() throws SQLException {
    Random random = new Random(seed);
    int contained = 0;
    for (int i = 0; i < PAIRS; i++) {
      String a = randomSetText(random);
      String b = random.nextBoolean() ? randomSetText(random) : a + "," + randomSetText(random);
      MysqlGtidSet x = MysqlGtidSet.parse(a);
      MysqlGtidSet y = MysqlGtidSet.parse(b);
      boolean subset = "1".equals(single("SELECT GTID_SUBSET(?, ?)", a, b));
      boolean superset = "1".equals(single("SELECT GTID_SUBSET(?, ?)", b, a));

      assertThat(x.isContainedIn(y)).as(failure(a, b)).isEqualTo(subset);
      assertThat(y.contains(x)).as(failure(a, b)).isEqualTo(subset);
      assertThat(x.contains(y)).as(failure(a, b)).isEqualTo(superset);
      contained += subset ? 1 : 0;
    }
    assertThat(contained).as("pairs contained, out of %d (seed %d)", PAIRS, seed).isBetween(PAIRS / 10, PAIRS - PAIRS / 10);
  }

  @Test
  void unionAgreesWithTheServersNormalizationOfBoth() throws SQLException {
    Random random = new Random(seed);
    for (int i = 0; i < PAIRS; i++) {
      String a = randomSetText(random);
      String b = randomSetText(random);
      String server = normalizedByServer(a + "," + b).orElseThrow();

      assertThat(MysqlGtidSet.parse(a).union(MysqlGtidSet.parse(b))).as(failure(a, b)).hasToString(server);
    }
  }

  @Test
  void readsOddTextAsTheServerDoesAndRefusesWhatItRefuses() throws SQLException {
    String v = UUIDS.get(1);
    List<String> texts = List.of("", " ", "\n", ",,", "," + U + ":1,", U, U + ":tag", U + ":1-3:tag", U + ":tag:other:1",
        U + ":1-5:3-9:11", U + " : 1 - 5 , " + v + ":2", "\n" + U + ":1\n,\n", U.toUpperCase(Locale.ROOT) + ":Tag_B:2",
        U + ":01-003", U + ":9223372036854775806", U + ":1-9223372036854775806", U + ":_x:1",
        U + ":abcdefghijabcdefghijabcdefghij12:1", U + ":b:1:a_:1:a1:1:_x:1:a:1:ab:1:A0:2",
        "abc", U + ":", U + ":0", U + "::1", U + ":1:", U + ":1x:1", U + ":+1", U + ":1-", U + ":tag:",
        U + ":9223372036854775807", U + ":abcdefghijabcdefghijabcdefghij123:1", U + ":1;" + v + ":1", "-" + U + ":1");
    for (String text : texts) {
      Optional<String> server = normalizedByServer(text);
      Throwable ours = catchThrowable(() -> MysqlGtidSet.parse(text));
      if (server.isPresent()) {
        assertThat(ours).as("the server reads '%s'", text).isNull();
        assertThat(MysqlGtidSet.parse(text)).as(text).hasToString(server.get());
      } else {
        assertThat(ours).as("the server refuses '%s'", text).isInstanceOf(InvalidSettingException.class);
      }
    }
  }

  /** Where Baton is stricter on purpose: text the server reads but that is most likely a typing mistake. */
  @Test
  void refusesSomeTextTheServerReads() throws SQLException {
    for (String text : List.of(U + ":5-3", U.replace("-", "") + ":1", "{" + U + "}:1")) {
      assertThat(normalizedByServer(text)).as(text).isPresent();
      assertThat(catchThrowable(() -> MysqlGtidSet.parse(text))).as(text).isInstanceOf(InvalidSettingException.class);
    }
  }

  /** Untidy text of a random set: a few sources from a small pool, so that pairs overlap. */
  private static String randomSetText(Random random) {
    List<String> items = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      String uuid = UUIDS.get(random.nextInt(UUIDS.size()));
      StringBuilder item = new StringBuilder(random.nextInt(4) == 0 ? uuid.toUpperCase(Locale.ROOT) : uuid);
      for (int j = 1 + random.nextInt(3); j > 0; j--) {
        if (random.nextInt(4) == 0) {
          item.append(':').append(TAGS.get(random.nextInt(TAGS.size())));
        }
        long first = random.nextInt(20) == 0 ? MAX_TRANSACTION - random.nextInt(30) : 1 + random.nextInt(40);
        long last = first + Math.min(random.nextInt(8), MAX_TRANSACTION - first);
        item.append(':').append(first == last ? Long.toString(first) : first + "-" + last);
      }
      items.add(item.toString());
    }
    return String.join(SEPARATORS.get(random.nextInt(SEPARATORS.size())), items);
  }

  /** GTID_SUBTRACT(text, ''): the server's normal form of the text, or empty when the server refuses it. */
  private Optional<String> normalizedByServer(String text) throws SQLException {
    try {
      return Optional.of(single("SELECT GTID_SUBTRACT(?, '')", text));
    } catch (SQLException e) {
      if (e.getErrorCode() == MALFORMED_GTID_SET) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private String single(String sql, String... parameters) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private String failure(String... sets) {
    return String.format("seed %d (replay with -Dbaton.gtid.seed=%d), sets '%s'", seed, seed, String.join("' and '", sets));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
