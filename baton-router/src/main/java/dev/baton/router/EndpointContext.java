package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What every connection of one endpoint shares with the others and with the router.
 *
 * @param routing the routing in force; read afresh at each decision, never cached by a connection
 * @param turns grows with each backend choice of this endpoint, so that ties between equally
 *     loaded backends go round
 * @param healthy whether an instance passes the router's own health checks (all do when they are off)
 * @param loops the router's event loops, whose numbers pick each connection's {@link LoopCounter} slot
 * @param transport how the connections to the backends are made
 * @param proxyProtocol whether a backend connection starts with a PROXY protocol header; read at each connect
 */
record EndpointContext(Endpoint endpoint, Supplier<Routing> routing, RouterSettings settings, BackendLoad load,
    BackendTraffic traffic, EndpointCounters counters, AtomicLong turns, Predicate<InstanceAddress> healthy,
    EventLoopGroup loops, Transport transport, BooleanSupplier proxyProtocol) {
}
