package dev.baton.coord.raft;

import dev.baton.coord.Lease;

/**
 * A lease in the coordination state, with the log index of the acquire or renew that last
 * granted it (an expiry proposed for an older grant is ignored) and, for a leader-bound lease,
 * the Raft term of that grant (0 for a plain lease).
 */
record HeldLease(Lease lease, long grantIndex, long term) {}
