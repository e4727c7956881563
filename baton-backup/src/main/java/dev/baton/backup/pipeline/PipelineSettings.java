package dev.baton.backup.pipeline;

import java.time.Duration;

/**
 * How backup streams are encoded and how long their stages may take.
 *
 * @param zstdLevel zstd compression level (1-19); low levels keep up with a disk on two cores
 * @param stallTimeout how long the upload waits for the next bytes before it gives up on a
 *     producer that hangs (a tool waiting for a lock, a stuck disk)
 * @param exitTimeout how long a tool may take to exit once its stream has ended
 */
public record PipelineSettings(int zstdLevel, Duration stallTimeout, Duration exitTimeout) {
  public static final int DEFAULT_ZSTD_LEVEL = 3;
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_EXIT_TIMEOUT = Duration.ofMinutes(5);
  public static final PipelineSettings DEFAULTS =
      new PipelineSettings(DEFAULT_ZSTD_LEVEL, DEFAULT_STALL_TIMEOUT, DEFAULT_EXIT_TIMEOUT);

  public PipelineSettings {
    if (zstdLevel < 1 || zstdLevel > 19) {
      throw new IllegalArgumentException("zstdLevel must be 1-19, got " + zstdLevel);
    }
    if (stallTimeout.isNegative() || stallTimeout.isZero() || exitTimeout.isNegative() || exitTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout and exitTimeout must be positive");
    }
  }
}
