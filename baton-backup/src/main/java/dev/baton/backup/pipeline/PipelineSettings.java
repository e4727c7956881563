package dev.baton.backup.pipeline;

import dev.baton.backup.manifest.Compression;
import java.time.Duration;

/**
 * How backup streams are encoded and how long their stages may take.
 *
 * @param compression zstd, or none: on a host whose cores cannot compress as fast as the tool
 *     reads (bench/backup), or for a store that compresses itself
 * @param zstdLevel zstd compression level (-7 to -1, the fast levels, or 1-19); level 1, because level 3 compressed about 40 %
 *     slower and stored no less on InnoDB data (bench/backup)
 * @param zstdWorkers threads that compress one backup stream in parallel (0: on the pump thread
 *     alone); a backup runs beside a live server, so this also bounds the cores it takes
 * @param stallTimeout how long a stage waits for the next bytes before it gives up on one that
 *     hangs (a tool waiting for a lock, a stuck disk or store)
 * @param exitTimeout how long a tool may take to exit once its stream has ended
 */
public record PipelineSettings(Compression compression, int zstdLevel, int zstdWorkers, Duration stallTimeout,
    Duration exitTimeout) {
  public static final Compression DEFAULT_COMPRESSION = Compression.ZSTD;
  public static final int DEFAULT_ZSTD_LEVEL = 1;
  /** zstd's fast levels ({@code zstd --fast=7} is -7): faster, and they store more. */
  public static final int MIN_ZSTD_LEVEL = -7;
  public static final int MAX_ZSTD_LEVEL = 19;
  public static final int DEFAULT_ZSTD_WORKERS = 2;
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_EXIT_TIMEOUT = Duration.ofMinutes(5);
  public static final PipelineSettings DEFAULTS =
      new PipelineSettings(DEFAULT_COMPRESSION, DEFAULT_ZSTD_LEVEL, DEFAULT_ZSTD_WORKERS, DEFAULT_STALL_TIMEOUT,
          DEFAULT_EXIT_TIMEOUT);

  public PipelineSettings {
    if (zstdLevel < MIN_ZSTD_LEVEL || zstdLevel == 0 || zstdLevel > MAX_ZSTD_LEVEL) {
      throw new IllegalArgumentException("zstdLevel must be " + MIN_ZSTD_LEVEL + " to -1 (zstd --fast) or 1 to "
          + MAX_ZSTD_LEVEL + ", got " + zstdLevel);
    }
    if (zstdWorkers < 0 || zstdWorkers > 64) {
      throw new IllegalArgumentException("zstdWorkers must be 0-64, got " + zstdWorkers);
    }
    if (stallTimeout.isNegative() || stallTimeout.isZero() || exitTimeout.isNegative() || exitTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout and exitTimeout must be positive");
    }
  }

  public PipelineSettings withCompression(Compression c) {
    return new PipelineSettings(c, zstdLevel, zstdWorkers, stallTimeout, exitTimeout);
  }
}
