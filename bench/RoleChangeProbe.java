import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The client side of {@code bench/router}'s role-change measurement, run with the source
 * launcher and baton.jar on the class path (for the MySQL driver):
 *
 * <pre>java -cp baton.jar bench/RoleChangeProbe.java HOST:PORT USER PASSWORD SECONDS</pre>
 *
 * <p>Two clients of the write endpoint run for SECONDS: one connects again and again and asks
 * {@code SELECT @@port} (which instance it landed on), the other keeps a connection busy in
 * {@code SELECT SLEEP} and notes when it is closed under it. Each event is one line on stdout
 * with wall-clock times in microseconds since the epoch, comparable with the audit's and the
 * router log's timestamps:
 *
 * <pre>
 * landed START END PORT        a connection began at START and answered from PORT at END
 * failed START END MESSAGE     it failed at END
 * closed START END MESSAGE     the busy connection opened at START was closed at END
 * </pre>
 *
 * <p>Plain TCP without TLS, as sysbench connects, so a connect costs little next to what is measured.
 *
 * <p>Before it measures, the probe loses a connection of its own a few times (it ends them with
 * {@code KILL}): the first time a fresh JVM runs the driver's code for a lost connection costs it
 * 25–65 ms here, later times 1–5 ms, and a long-lived application's driver is warm.
 */
public final class RoleChangeProbe {
  /** Longer than the router's hold, so a held connect ends by the router's doing, not ours. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int WARM_UP_LOSSES = 3;
  /** A pause after a failure, so a refused endpoint is not hammered. */
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(20);

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: RoleChangeProbe HOST:PORT USER PASSWORD SECONDS");
      System.exit(2);
    }
    String url = "jdbc:mysql://" + args[0] + "/";
    Properties props = new Properties();
    props.setProperty("user", args[1]);
    props.setProperty("password", args[2]);
    props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
    props.setProperty("sslMode", "DISABLED");
    props.setProperty("allowPublicKeyRetrieval", "true");
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
    for (int i = 0; i < WARM_UP_LOSSES; i++) {
      loseAConnection(url, props);
    }
    Thread busy = new Thread(() -> keepBusy(url, props, deadline), "busy");
    busy.setDaemon(true);
    busy.start();
    connectRepeatedly(url, props, deadline);
    System.out.flush();
    System.exit(0);
  }

  private static void connectRepeatedly(String url, Properties props, long deadline) throws InterruptedException {
    while (System.nanoTime() < deadline) {
      long start = micros();
      try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT @@port")) {
        rs.next();
        print("landed", start, rs.getString(1));
      } catch (SQLException e) {
        print("failed", start, oneLine(e));
        Thread.sleep(FAILURE_PAUSE.toMillis());
      }
    }
  }

  private static void keepBusy(String url, Properties props, long deadline) {
    while (System.nanoTime() < deadline) {
      long start = micros();
      try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
        start = micros();
        // Noted as the query fails, before the resources are closed: closing the dead connection
        // is the client's own cleanup, not part of the time it took to lose it.
        try {
          s.executeQuery("SELECT SLEEP(3600)").close();
          print("closed", start, "the sleep ended on its own");
        } catch (SQLException e) {
          print("closed", start, oneLine(e));
        }
      } catch (SQLException e) {
        print("closed", start, oneLine(e));
      }
      try {
        Thread.sleep(FAILURE_PAUSE.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Ends a busy connection of the probe's own from another one, as the fence does. */
  private static void loseAConnection(String url, Properties props) throws Exception {
    try (Connection victim = DriverManager.getConnection(url, props); Connection killer = DriverManager.getConnection(url, props);
        Statement v = victim.createStatement(); Statement k = killer.createStatement()) {
      long id;
      try (ResultSet rs = v.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        id = rs.getLong(1);
      }
      Thread sleeper = new Thread(() -> {
        try {
          v.executeQuery("SELECT SLEEP(60)").close();
        } catch (SQLException lost) {
          // what this is for
        }
      });
      sleeper.start();
      Thread.sleep(100);
      k.execute("KILL " + id);
      sleeper.join(Duration.ofSeconds(10).toMillis());
    } catch (SQLException closingTheLostOne) {
      // closing the killed connection may fail too
    }
  }

  private static synchronized void print(String event, long start, String what) {
    System.out.println(event + " " + start + " " + micros() + " " + what);
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
