package dev.baton.coord.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the etcd cluster is and how Baton uses it. Each default is a named constant here.
 *
 * @param endpoints client URLs of the etcd members, e.g. {@code http://127.0.0.1:2379}
 * @param namespace prefix of every key Baton writes, so that clusters can share one etcd
 * @param requestTimeout how long an operation waits for etcd before it fails with
 *     {@code CoordinationUnavailableException}
 */
public record EtcdSettings(List<URI> endpoints, String namespace, Duration requestTimeout) {
  public static final String DEFAULT_NAMESPACE = "/baton/";
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);

  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("etcd endpoints are missing: give at least one client URL, e.g. http://127.0.0.1:2379");
    }
    Objects.requireNonNull(namespace, "namespace");
    if (!namespace.startsWith("/") || !namespace.endsWith("/")) {
      throw new IllegalArgumentException("etcd namespace '" + namespace + "' must start and end with '/', e.g. "
          + DEFAULT_NAMESPACE);
    }
    if (requestTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("etcd requestTimeout must be at least 100 ms, got " + requestTimeout.toMillis()
          + " ms");
    }
  }

  public static EtcdSettings of(List<URI> endpoints) {
    return new EtcdSettings(endpoints, DEFAULT_NAMESPACE, DEFAULT_REQUEST_TIMEOUT);
  }

  public EtcdSettings withNamespace(String ns) {
    return new EtcdSettings(endpoints, ns, requestTimeout);
  }
}
