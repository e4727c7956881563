package dev.baton.core.topology;

import java.util.Locale;

/** The part an instance plays in its cluster. */
public enum Role {
  PRIMARY,
  REPLICA;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
