package dev.baton.agent.routing;

import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Waits until every agent's routing sends no new write connection to a primary about to be
 * fenced, and every router following an agent routes by it. Routers follow whichever agent they
 * reach, each agent learns of the hold from the Raft log on its own time, and a router learns it
 * from its agent a moment later; fencing before they all hold would let new connections reach a
 * primary that ends them or refuses their writes. Agents that do not answer in time are reported,
 * not waited for: a router that follows one of them has lost its agent too.
 */
public final class WriteHoldBarrier {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
  private static final String NO_ANSWER = "no answer";
  /** A last check cut short by the deadline says less than the answer the agent gave before it. */
  private static final String CUT_SHORT = "no answer in the time left";

  private final List<URI> agents;
  private final RoutingClient client = new RoutingClient(Duration.ofMillis(300));

  public WriteHoldBarrier(List<URI> agents) {
    this.agents = List.copyOf(agents);
  }

  /**
   * Returns what the agents and routers did, e.g. "held by 3 of 3 agents and the 1 router following
   * them" plus the agents that did not confirm and why.
   */
  public String await(InstanceAddress primary, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<URI, String> pending = new LinkedHashMap<>();
    agents.forEach(a -> pending.put(a, NO_ANSWER));
    Set<String> routers = new TreeSet<>();
    while (!pending.isEmpty()) {
      for (URI agent : new ArrayList<>(pending.keySet())) {
        Optional<String> why = check(agent, primary, deadline, routers);
        if (why.isEmpty()) {
          pending.remove(agent);
        } else if (!why.get().equals(CUT_SHORT) || pending.get(agent).equals(NO_ANSWER)) {
          pending.put(agent, why.get());
        }
      }
      if (pending.isEmpty() || System.nanoTime() + POLL_INTERVAL.toNanos() >= deadline) {
        break;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    String held = "held by " + (agents.size() - pending.size()) + " of " + agents.size() + " agents and the "
        + routers.size() + (routers.size() == 1 ? " router" : " routers") + " following them";
    return pending.isEmpty() ? held : held + "; not confirmed within " + timeout.toMillis() + " ms: "
        + pending.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
  }

  /**
   * Empty when {@code agent} and the routers following it hold writes away from {@code primary},
   * whose names it adds to {@code routers}; otherwise why not.
   */
  private Optional<String> check(URI agent, InstanceAddress primary, long deadline, Set<String> routers)
      throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return Optional.of("no time left");
    }
    try {
      RoutingClient.Answer a = client.fetch(agent, 0, null, Duration.ofNanos(left));
      if (primary.toString().equals(a.write())) {
        return Optional.of("still routes writes to " + primary);
      }
      List<String> behind = a.routersBehind() == null ? List.of() : a.routersBehind();
      if (a.routers() != null) {
        routers.addAll(a.routers());
      }
      return behind.isEmpty() ? Optional.empty() : Optional.of("routers not holding yet: " + String.join(", ", behind));
    } catch (IOException e) {
      if (e instanceof HttpTimeoutException && System.nanoTime() >= deadline) {
        return Optional.of(CUT_SHORT);
      }
      return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}
