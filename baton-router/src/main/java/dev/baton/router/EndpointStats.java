package dev.baton.router;

/**
 * One endpoint's counters at one moment.
 *
 * @param accepted client connections accepted since start
 * @param active client connections open now, including held ones
 * @param held client connections waiting for a target now
 * @param draining client connections whose replica left the read set, to be cut when the drain time ends
 * @param failedConnects connects to a database instance that failed since start
 * @param bytesClientToServer bytes passed from clients to instances since start
 * @param bytesServerToClient bytes passed from instances to clients since start
 */
public record EndpointStats(long accepted, long active, long held, long draining, long failedConnects,
    long bytesClientToServer, long bytesServerToClient) {
}
