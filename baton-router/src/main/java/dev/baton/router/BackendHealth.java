package dev.baton.router;

import java.util.Optional;

/**
 * One backend's standing by the router's checks: up or down, and how many checks in a row went
 * the other way. Pure: {@link #after} is the whole fall/rise rule.
 *
 * @param streak consecutive checks that disagreed with {@code up}; the standing flips when it
 *     reaches fall (while up) or rise (while down)
 * @param lastFailure why the latest check failed, empty when it passed
 */
record BackendHealth(boolean checked, boolean up, int streak, Optional<String> lastFailure) {
  /** Before its first checks a backend is trusted as the topology says: a new router holds nobody. */
  static final BackendHealth UNCHECKED = new BackendHealth(false, true, 0, Optional.empty());

  BackendHealth after(Optional<String> failure, int fall, int rise) {
    boolean passed = failure.isEmpty();
    if (passed == up) {
      return new BackendHealth(true, up, 0, failure);
    }
    int disagreeing = streak + 1;
    boolean flips = disagreeing >= (up ? fall : rise);
    return new BackendHealth(true, flips ? !up : up, flips ? 0 : disagreeing, failure);
  }

  String label() {
    return !checked ? "unchecked" : up ? "up" : "down";
  }
}
