package dev.baton.agent.recovery;

import dev.baton.core.cluster.InstanceAddress;

/**
 * The last resort of a failover's fence: stop the old primary's server process when it cannot
 * be made read-only over SQL (frozen, or cut off from the manager but perhaps not from its
 * clients). Without it a primary that wakes up after the failover accepts writes until the next
 * probe round fences it.
 */
@FunctionalInterface
public interface HardFence {
  /** Says what was done ("killed mysqld pid N", "no process of it on this host"); never throws. */
  String stop(InstanceAddress instance);
}
