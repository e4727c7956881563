package dev.baton.router;

import dev.baton.core.topology.Routing;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every connection of one endpoint shares with the others and with the router.
 *
 * @param routing the routing in force; read afresh at each decision, never cached by a connection
 * @param turns grows with each backend choice of this endpoint, so that ties between equally
 *     loaded backends go round
 */
record EndpointContext(Endpoint endpoint, Supplier<Routing> routing, RouterSettings settings, BackendLoad load,
    EndpointCounters counters, AtomicLong turns) {
}
