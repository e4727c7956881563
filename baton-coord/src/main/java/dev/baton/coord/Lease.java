package dev.baton.coord;

import java.time.Duration;
import java.util.Objects;

/**
 * A lease held by one owner, such as {@code master_lock}. The store ends it when the owner does
 * not renew it within {@code ttl}, measured on the store's side from the last renewal it saw.
 * The owner should therefore trust its lease only until {@code ttl} after it <em>sent</em> the
 * acquire or renew request that granted it, less a margin for clocks that run at different
 * rates; that is never later than the store's own deadline.
 *
 * @param epoch the fencing epoch; stamp every action taken under the lease with it
 */
public record Lease(String name, String owner, Epoch epoch, Duration ttl) {
  /** Longer leases would keep a dead owner's lock for too long to be of use. */
  public static final Duration MAX_TTL = Duration.ofHours(1);
  public static final int MAX_NAME_LENGTH = 200;

  public Lease {
    checkName(name);
    checkOwner(owner);
    Objects.requireNonNull(epoch, "epoch");
    checkTtl(ttl);
  }

  public static void checkName(String name) {
    Objects.requireNonNull(name, "lease name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("lease name '" + name + "' must have 1-" + MAX_NAME_LENGTH
          + " characters, not all blank");
    }
  }

  public static void checkOwner(String owner) {
    Objects.requireNonNull(owner, "lease owner");
    if (owner.isBlank() || owner.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("lease owner '" + owner + "' must have 1-" + MAX_NAME_LENGTH
          + " characters, not all blank");
    }
  }

  public static void checkTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "lease ttl");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("lease ttl " + ttl.toMillis() + " ms is out of range: use more than 0 and at most "
          + MAX_TTL.toMinutes() + " min");
    }
  }

  public boolean sameHolding(Lease other) {
    return name.equals(other.name) && owner.equals(other.owner) && epoch.equals(other.epoch);
  }
}
