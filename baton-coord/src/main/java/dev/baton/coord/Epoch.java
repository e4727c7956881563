package dev.baton.coord;

/**
 * The fencing number of a lease: every new holder of a lease name gets a larger epoch than any
 * holder before it, so that an action stamped with an old epoch can be recognised and refused
 * by whoever checks it (Curator's lesson: a leadership notification is not a fence).
 */
public record Epoch(long value) implements Comparable<Epoch> {
  public static final Epoch FIRST = new Epoch(1);

  public Epoch {
    if (value < 1) {
      throw new IllegalArgumentException("epoch must be at least 1, got " + value);
    }
  }

  public Epoch next() {
    return new Epoch(Math.addExact(value, 1));
  }

  public boolean isAfter(Epoch other) {
    return value > other.value;
  }

  @Override
  public int compareTo(Epoch o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return "epoch " + value;
  }
}
