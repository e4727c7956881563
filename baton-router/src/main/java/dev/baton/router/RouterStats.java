package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The router's counters at one moment. Each number is read separately, so under load they may
 * not add up exactly.
 *
 * @param write the write endpoint
 * @param read the read endpoint
 * @param backends every instance a connection was ever sent to, over both endpoints, in address order
 */
public record RouterStats(EndpointStats write, EndpointStats read, Map<InstanceAddress, BackendStats> backends) {
  public RouterStats {
    backends = Collections.unmodifiableSortedMap(new TreeMap<>(backends));
  }
}
