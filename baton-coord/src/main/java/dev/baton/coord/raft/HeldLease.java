package dev.baton.coord.raft;

import dev.baton.coord.Lease;

/**
 * A lease in the coordination state, with the log index of the acquire or renew that last
 * granted it; an expiry proposed for an older grant is ignored.
 */
record HeldLease(Lease lease, long grantIndex) {}
