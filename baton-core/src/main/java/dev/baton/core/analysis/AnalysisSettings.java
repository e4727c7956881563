package dev.baton.core.analysis;

/**
 * @param lagLimitSeconds a replica further behind than this is LaggingReplica, and is not promoted
 *     unless nothing better exists
 */
public record AnalysisSettings(long lagLimitSeconds) {
  public static final long DEFAULT_LAG_LIMIT_SECONDS = 10;
  public static final AnalysisSettings DEFAULTS = new AnalysisSettings(DEFAULT_LAG_LIMIT_SECONDS);

  public AnalysisSettings {
    if (lagLimitSeconds < 0) {
      throw new IllegalArgumentException("lagLimitSeconds must be >= 0, got " + lagLimitSeconds);
    }
  }
}
