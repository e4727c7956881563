package dev.baton.cli;

import dev.baton.agent.routing.RoutingFollower;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.router.Router;
import dev.baton.router.RouterSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "router", description = {
    "Run the write and read endpoints in the foreground, following the routing that the agents publish.",
    "baton up starts one per local cluster; run it yourself on an application host."})
final class RouterCommand implements Callable<Integer> {
  @Option(names = "--agents", required = true, split = ",", paramLabel = "URL[,URL...]",
      description = "Agent API URLs to follow, e.g. http://127.0.0.1:3000,http://127.0.0.1:3001")
  List<String> agents;

  @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
  String bind = "127.0.0.1";

  @Option(names = "--write-port", paramLabel = "PORT", description = "Write endpoint port (default: 3306).")
  int writePort = 3306;

  @Option(names = "--read-port", paramLabel = "PORT", description = "Read endpoint port (default: 3307).")
  int readPort = 3307;

  @Option(names = "--owner", hidden = true, paramLabel = "DIR",
      description = "Cluster directory that started this router, so that 'baton down' can find it.")
  Path owner;

  @Override
  public Integer call() throws Exception {
    List<URI> urls = agents.stream().map(RouterCommand::agentUrl).toList();
    Router router = Router.start(RouterSettings.defaults(bind, writePort, readPort));
    RoutingFollower follower = new RoutingFollower(urls, router::route);
    follower.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      follower.close();
      router.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
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
