package dev.baton.coord.etcd;

import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the key of a held lease stores: {@code EPOCH TTL_MS ETCD_LEASE_ID OWNER}, as text so
 * that {@code etcdctl get} shows it. The key is attached to that etcd lease, so it disappears
 * when the etcd lease expires or is revoked.
 */
record Holding(Lease lease, long etcdLeaseId) {

  byte[] encode() {
    return (lease.epoch().value() + " " + lease.ttl().toMillis() + " " + Long.toHexString(etcdLeaseId) + " "
        + lease.owner()).getBytes(StandardCharsets.UTF_8);
  }

  static Holding decode(String name, byte[] bytes) {
    String[] f = new String(bytes, StandardCharsets.UTF_8).split(" ", 4);
    if (f.length != 4) {
      throw new IllegalStateException("lease key " + name + " holds '" + new String(bytes, StandardCharsets.UTF_8)
          + "', not EPOCH TTL_MS ETCD_LEASE_ID OWNER: was it written by something else than Baton?");
    }
    Lease lease = new Lease(name, f[3], new Epoch(Long.parseLong(f[0])), Duration.ofMillis(Long.parseLong(f[1])));
    return new Holding(lease, Long.parseUnsignedLong(f[2], 16));
  }
}
