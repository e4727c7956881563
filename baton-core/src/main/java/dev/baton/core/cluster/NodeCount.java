package dev.baton.core.cluster;

/**
 * How many database nodes a cluster has: always odd so that a majority exists, as in the
 * original deployment (3, 5 or 7).
 */
public record NodeCount(int value) {
  public static final int MIN = 3;
  public static final int MAX = 7;
  public static final int DEFAULT = 3;

  public NodeCount {
    if (value < MIN || value > MAX || value % 2 == 0) {
      throw new InvalidSettingException("--nodes " + value + " is not allowed: use an odd count from "
          + MIN + " to " + MAX + " (3, 5 or 7) so that a majority can always be formed");
    }
  }
}
