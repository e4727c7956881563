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
 * @param activeByBackend connections open or being opened to each instance, over both endpoints;
 *     instances without any are absent
 */
public record RouterStats(EndpointStats write, EndpointStats read, Map<InstanceAddress, Integer> activeByBackend) {
  public RouterStats {
    activeByBackend = Collections.unmodifiableSortedMap(new TreeMap<>(activeByBackend));
  }
}
