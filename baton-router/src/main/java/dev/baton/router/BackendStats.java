package dev.baton.router;

/**
 * One database instance as the router has seen it, over both endpoints.
 *
 * @param active client connections open or being opened to it now
 * @param connections connections opened to it since start (attempts included)
 * @param failedConnects connects to it that failed since start
 * @param bytesToServer bytes passed from clients to it since start
 * @param bytesToClient bytes passed from it to clients since start
 * @param health "up" or "down" by the router's own checks, "unchecked" when they are off or it is not routed
 * @param lastCheckFailure why its latest failed check failed, null when its latest check passed
 */
public record BackendStats(long active, long connections, long failedConnects, long bytesToServer,
    long bytesToClient, String health, String lastCheckFailure) {
}
