package dev.baton.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteHoldBarrierTest {
  private static final InstanceAddress PRIMARY = InstanceAddress.parse("127.0.0.1:3310");
  private static final URI A = URI.create("http://127.0.0.1:3000");
  private static final URI B = URI.create("http://127.0.0.1:3001");

  @Test
  void anAgentThatStillRoutesWritesToThePrimaryIsNotConfirmed() {
    Map<URI, String> why = WriteHoldBarrier.unconfirmed(answers(holding(List.of(), List.of()),
        answer("127.0.0.1:3310", List.of(), List.of())), PRIMARY);

    assertThat(why).containsOnlyKeys(B);
    assertThat(why.get(B)).isEqualTo("still routes writes to 127.0.0.1:3310");
  }

  @Test
  void aRouterBehindAtItsOnlyAgentIsWaitedFor() {
    Map<URI, String> why = WriteHoldBarrier.unconfirmed(answers(holding(List.of("r1"), List.of("r1")),
        holding(List.of(), List.of())), PRIMARY);

    assertThat(why).containsExactly(Map.entry(A, "routers not holding yet: r1"));
  }

  @Test
  void aRouterThatMovedToAnAgentThatHoldsIsNotWaitedForWhereItWas() {
    // r1 left A for B, the master_lock holder: A counts it behind until it takes it for gone.
    Map<URI, String> why = WriteHoldBarrier.unconfirmed(answers(holding(List.of("r1"), List.of("r1")),
        holding(List.of("r1", "r2"), List.of())), PRIMARY);

    assertThat(why).isEmpty();
  }

  @Test
  void beingCurrentAtAnAgentThatStillRoutesToThePrimaryProvesNothing() {
    Map<URI, String> why = WriteHoldBarrier.unconfirmed(answers(holding(List.of("r1"), List.of("r1")),
        answer("127.0.0.1:3310", List.of("r1"), List.of())), PRIMARY);

    assertThat(why).containsOnlyKeys(A, B);
    assertThat(why.get(A)).isEqualTo("routers not holding yet: r1");
  }

  @Test
  void aRouterBehindEverywhereIsWaitedForAtEach() {
    Map<URI, String> why = WriteHoldBarrier.unconfirmed(answers(holding(List.of("r1"), List.of("r1")),
        holding(List.of("r1"), List.of("r1"))), PRIMARY);

    assertThat(why).containsOnlyKeys(A, B);
  }

  private static Map<URI, RoutingClient.Answer> answers(RoutingClient.Answer a, RoutingClient.Answer b) {
    Map<URI, RoutingClient.Answer> m = new LinkedHashMap<>();
    m.put(A, a);
    m.put(B, b);
    return m;
  }

  private static RoutingClient.Answer holding(List<String> routers, List<String> behind) {
    return answer(null, routers, behind);
  }

  private static RoutingClient.Answer answer(String write, List<String> routers, List<String> behind) {
    return new RoutingClient.Answer(7, write, List.of("127.0.0.1:3311"), null, B.toString(), routers, behind, false);
  }
}
