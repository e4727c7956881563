package dev.baton.agent.routing;

import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Map<URI, RoutingClient.Answer> answers = new LinkedHashMap<>();
    while (true) {
      Set<URI> answeredNow = new HashSet<>();
      for (URI agent : pending.keySet()) {
        Reply r = fetch(agent, deadline);
        if (r.answer() != null) {
          answers.put(agent, r.answer());
          answeredNow.add(agent);
        } else if (!r.failure().equals(CUT_SHORT) || pending.get(agent).equals(NO_ANSWER)) {
          pending.put(agent, r.failure());
        }
      }
      Map<URI, String> unconfirmed = unconfirmed(answers, primary);
      pending.keySet().removeIf(a -> answers.containsKey(a) && !unconfirmed.containsKey(a));
      answeredNow.stream().filter(pending::containsKey).forEach(a -> pending.put(a, unconfirmed.get(a)));
      if (pending.isEmpty() || System.nanoTime() + POLL_INTERVAL.toNanos() >= deadline) {
        break;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    Set<String> routers = new TreeSet<>();
    answers.values().forEach(a -> routers.addAll(a.routers() == null ? List.of() : a.routers()));
    String held = "held by " + (agents.size() - pending.size()) + " of " + agents.size() + " agents and the "
        + routers.size() + (routers.size() == 1 ? " router" : " routers") + " following them";
    return pending.isEmpty() ? held : held + "; not confirmed within " + timeout.toMillis() + " ms: "
        + pending.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
  }

  /**
   * The agents whose last answer does not yet show new writes held away from {@code primary}, and
   * why. A router that an agent counts as behind holds writes all the same when it routes by an
   * agent that holds them: it moved there, to the master_lock holder, and the agent it left
   * forgets it only {@link FollowingRouters#GONE_AFTER} later.
   */
  static Map<URI, String> unconfirmed(Map<URI, RoutingClient.Answer> answers, InstanceAddress primary) {
    Set<String> holdingElsewhere = new TreeSet<>();
    answers.values().stream().filter(a -> !primary.toString().equals(a.write())).forEach(a -> {
      holdingElsewhere.addAll(a.routers() == null ? List.of() : a.routers());
      holdingElsewhere.removeAll(a.routersBehind() == null ? List.of() : a.routersBehind());
    });
    Map<URI, String> why = new LinkedHashMap<>();
    answers.forEach((agent, a) -> {
      if (primary.toString().equals(a.write())) {
        why.put(agent, "still routes writes to " + primary);
        return;
      }
      List<String> behind = (a.routersBehind() == null ? List.<String>of() : a.routersBehind()).stream()
          .filter(r -> !holdingElsewhere.contains(r)).toList();
      if (!behind.isEmpty()) {
        why.put(agent, "routers not holding yet: " + String.join(", ", behind));
      }
    });
    return why;
  }

  /** An agent's answer, or why there is none. */
  private record Reply(RoutingClient.Answer answer, String failure) {}

  private Reply fetch(URI agent, long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return new Reply(null, "no time left");
    }
    try {
      return new Reply(client.fetch(agent, 0, null, null, Duration.ofNanos(left)), null);
    } catch (IOException e) {
      if (e instanceof HttpTimeoutException && System.nanoTime() >= deadline) {
        return new Reply(null, CUT_SHORT);
      }
      return new Reply(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}
