package dev.baton.coord.etcd;

import dev.baton.coord.CoordinationUnavailableException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The jetcd client, Baton's key layout under the namespace, and waiting for a call at most the
 * request timeout. Any failure, a timeout included, is a {@link CoordinationUnavailableException}.
 */
final class EtcdConnection implements AutoCloseable {
  final Client client;
  private final EtcdSettings settings;
  private final String description;

  EtcdConnection(EtcdSettings settings) {
    this.settings = settings;
    this.client = Client.builder()
        .endpoints(settings.endpoints().toArray(URI[]::new))
        .connectTimeout(settings.requestTimeout())
        .retryMaxDuration(settings.requestTimeout())
        .build();
    this.description = "etcd at " + settings.endpoints().stream().map(URI::toString).collect(Collectors.joining(", "));
  }

  ByteSequence leaseKey(String name) {
    return key("leases/" + name);
  }

  /** The last epoch handed out for a lease name; it outlives the lease so that epochs only grow. */
  ByteSequence epochKey(String name) {
    return key("epochs/" + name);
  }

  ByteSequence documentKey(String key) {
    return key("documents/" + key);
  }

  <T> T await(CompletableFuture<T> pending, String attempted) {
    try {
      return pending.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw CoordinationUnavailableException.timedOut(attempted, description, settings.requestTimeout(),
          settings.requestTimeout(), e);
    } catch (ExecutionException e) {
      throw CoordinationUnavailableException.failed(attempted, description, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      throw new CoordinationUnavailableException("could not " + attempted + ": interrupted while waiting for "
          + description, e);
    }
  }

  private ByteSequence key(String suffix) {
    return ByteSequence.from(settings.namespace() + suffix, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }
}
