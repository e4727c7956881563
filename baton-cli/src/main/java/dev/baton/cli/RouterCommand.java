package dev.baton.cli;

import ch.qos.logback.classic.Level;
import dev.baton.agent.local.ClusterDirectory;
import dev.baton.agent.routing.StandingRouter;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.credentials.DbUser;
import dev.baton.router.HealthCheckSettings;
import dev.baton.router.RouterSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "router", description = {
    "Run the write and read endpoints in the foreground, following the routing that the agents publish.",
    "While another program holds an endpoint's port it says so once and waits for the port, checking 5 times a second.",
    "baton up starts one per local cluster; run it yourself on an application host.",
    "Connections to the servers start with a PROXY protocol header when the cluster has them (baton up --proxy-protocol)."})
final class RouterCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RouterCommand.class);

  @Option(names = "--agents", required = true, split = ",", paramLabel = "URL[,URL...]",
      description = "Agent API URLs to follow, e.g. http://127.0.0.1:3000,http://127.0.0.1:3001")
  List<String> agents;

  @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
  String bind = "127.0.0.1";

  @Option(names = "--write-port", paramLabel = "PORT", description = "Write endpoint port (default: 3306).")
  int writePort = 3306;

  @Option(names = "--read-port", paramLabel = "PORT", description = "Read endpoint port (default: 3307).")
  int readPort = 3307;

  @Option(names = "--check-user", paramLabel = "USER",
      description = "Account the health checks log in as (default: monitor); it needs no privilege.")
  String checkUser = DbUser.MONITOR.userName();

  @Option(names = "--check-password-file", paramLabel = "FILE",
      description = "File holding that account's password. Without it (and outside a local cluster) the router"
          + " routes on the agents' topology alone, with no health checks of its own.")
  Path checkPasswordFile;

  @Option(names = "--check-interval", paramLabel = "MS",
      description = "Time between two health checks of one backend, in milliseconds (default: 1000; at least 100)."
          + " One check may take this long, at most 1 s.")
  long checkIntervalMillis = HealthCheckSettings.DEFAULT_INTERVAL.toMillis();

  @Option(names = "--check-fall", paramLabel = "N",
      description = "Failed health checks in a row after which a backend gets no new connections (default: 2).")
  int checkFall = HealthCheckSettings.DEFAULT_FALL;

  @Option(names = "--check-rise", paramLabel = "N",
      description = "Passed health checks in a row after which it gets them again (default: 2).")
  int checkRise = HealthCheckSettings.DEFAULT_RISE;

  @Option(names = "--hold-timeout", paramLabel = "SECONDS",
      description = "How long a new connection waits for a primary (during a failover or switchover) or a healthy"
          + " replica before it is closed (default: 5; 0 closes it at once).")
  long holdTimeoutSeconds = RouterSettings.DEFAULT_HOLD_TIMEOUT.toSeconds();

  @Option(names = "--read-drain", paramLabel = "SECONDS",
      description = "How long read connections to a replica that left the read set go on before they are cut"
          + " (default: 30).")
  long readDrainSeconds = RouterSettings.DEFAULT_READ_DRAIN.toSeconds();

  @Option(names = "--cut-reads-on-promotion",
      description = "Drain read connections to a replica that becomes the primary, instead of keeping them.")
  boolean cutReadsOnPromotion;

  @Option(names = "--event-loops", paramLabel = "N",
      description = "Threads that proxy the connections (default: half the cores, at least 1; here ${DEFAULT-VALUE}).")
  int eventLoops = RouterSettings.DEFAULT_EVENT_LOOPS;

  @Option(names = "--no-io-uring",
      description = "Proxy with epoll even where the kernel offers io_uring (which the router otherwise prefers).")
  boolean noIoUring = !RouterSettings.DEFAULT_IO_URING;

  @Option(names = "--stats-port", paramLabel = "PORT",
      description = "Serve GET /stats (JSON counters) on this port of --bind; 0 picks a free one."
          + " A local cluster's router always serves it, on a free port, for 'baton status'.")
  Integer statsPort;

  @Option(names = "--owner", hidden = true, paramLabel = "DIR",
      description = "Cluster directory that started this router: 'baton down' finds it there, the health checks"
          + " take the monitor password from it, and the stats URL is written into it.")
  Path owner;

  @Override
  public Integer call() throws Exception {
    List<URI> urls = agents.stream().map(RouterCommand::agentUrl).toList();
    RouterSettings settings = RouterSettings.defaults(bind, writePort, readPort)
        .withHoldTimeout(seconds("--hold-timeout", holdTimeoutSeconds, RouterSettings.MAX_HOLD_TIMEOUT, "close at once"))
        .withReadDrain(seconds("--read-drain", readDrainSeconds, RouterSettings.MAX_READ_DRAIN, "cut at once"))
        .withKeepReadsOnPromotion(!cutReadsOnPromotion)
        .withEventLoops(eventLoops)
        .withIoUring(!noIoUring);
    Optional<String> password = checkPassword();
    // Built, so checked, with or without a password: a mistyped check setting is refused either way.
    HealthCheckSettings checks = HealthCheckSettings.every(Duration.ofMillis(checkIntervalMillis), checkFall, checkRise,
        checkUser, password.orElse(""));
    if (password.isPresent()) {
      settings = settings.withHealthChecks(checks);
    }
    logRoutingChanges();
    StandingRouter router = new StandingRouter(settings, urls, statsPort(),
        "router process, pid " + ProcessHandle.current().pid(),
        owner == null ? StandingRouter.UNPUBLISHED : StandingRouter.publishedIn(new ClusterDirectory(owner)));
    router.start();
    if (password.isEmpty()) {
      log.info("no password for health checks (--check-password-file): routing on the agents' topology alone");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      router.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * A router run by hand is a daemon in the foreground: its routing changes and its agents coming
   * back are what its operator watches, so it logs at INFO unless a level was given, not at the
   * WARN of the one-shot commands. Nothing is logged before the endpoints listen, so a refusal
   * to start stays one line.
   */
  private static void logRoutingChanges() {
    if (System.getProperty(JavaLauncher.LOG_LEVEL_PROPERTY) == null) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    }
  }

  /** Whole seconds from an option, refused by the option's name when the router would refuse them. */
  private static Duration seconds(String option, long value, Duration max, String zeroMeans) {
    if (value < 0 || value > max.toSeconds()) {
      throw new InvalidSettingException(option + " " + value + " is out of range: use 0 (" + zeroMeans + ") to "
          + max.toSeconds());
    }
    return Duration.ofSeconds(value);
  }

  private Optional<String> checkPassword() throws IOException {
    if (checkPasswordFile != null) {
      if (!Files.isReadable(checkPasswordFile)) {
        throw new InvalidSettingException("--check-password-file " + checkPasswordFile + " cannot be read");
      }
      return Optional.of(Files.readString(checkPasswordFile).strip());
    }
    if (owner != null) {
      DbUser user = DbUser.byUserName(checkUser).orElseThrow(() -> new InvalidSettingException("--check-user "
          + checkUser + " is not one of the cluster's accounts: give --check-password-file as well"));
      return Optional.of(new ClusterDirectory(owner).credentials().load().password(user));
    }
    return Optional.empty();
  }

  /** A local cluster's router always serves its stats, on a free port; a standalone one only when asked. */
  private OptionalInt statsPort() {
    if (statsPort == null && owner == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(statsPort == null ? 0 : statsPort);
  }

  private static URI agentUrl(String text) {
    try {
      URI u = URI.create(text.trim());
      if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("--agents: '" + text + "' is not an agent URL: write it as http://HOST:PORT");
    }
  }
}
