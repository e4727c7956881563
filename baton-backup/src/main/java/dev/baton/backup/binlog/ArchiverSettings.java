package dev.baton.backup.binlog;

import java.time.Duration;

/**
 * How the binlog archiver cuts and uploads pieces and how it follows the primary. A committed
 * transaction is in the store at the latest about {@code pieceInterval + pollInterval} plus one
 * upload after the primary wrote it: that is the archive's recovery point objective.
 *
 * @param pieceInterval the longest a complete transaction waits locally before its piece is uploaded
 * @param pieceMaxBytes a piece is uploaded as soon as this much binlog is waiting, however young
 * @param pollInterval how often the growing binlog file is read
 * @param topologyInterval how often the primary's address is read again
 * @param reconnectDelay the first wait before streaming again after the stream broke; doubled up to
 *     {@code maxReconnectDelay} while it keeps breaking
 * @param divergenceChecks how many sessions in a row must find the primary lacking archived
 *     transactions before the archiver records a gap (a new primary may still be catching up)
 * @param checkpointInterval how often the archiver checks that it holds everything the primary
 *     committed and records that ({@link ArchiveCheckpoint}): a restore to a time after the last
 *     archived transaction needs such a check at or after that time
 */
public record ArchiverSettings(Duration pieceInterval, int pieceMaxBytes, Duration pollInterval,
    Duration topologyInterval, Duration reconnectDelay, Duration maxReconnectDelay, int divergenceChecks,
    int zstdLevel, Duration checkpointInterval) {
  public static final Duration DEFAULT_PIECE_INTERVAL = Duration.ofSeconds(2);
  public static final int DEFAULT_PIECE_MAX_BYTES = 8 * 1024 * 1024;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_TOPOLOGY_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(10);
  public static final int DEFAULT_DIVERGENCE_CHECKS = 3;
  /** Pieces are small and frequent: the fastest level keeps the upload delay low. */
  public static final int DEFAULT_ZSTD_LEVEL = 1;
  /** One small object written per interval (an S3 PUT): about 8,600 a day. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  public static final ArchiverSettings DEFAULTS = new ArchiverSettings(DEFAULT_PIECE_INTERVAL, DEFAULT_PIECE_MAX_BYTES,
      DEFAULT_POLL_INTERVAL, DEFAULT_TOPOLOGY_INTERVAL, DEFAULT_RECONNECT_DELAY, DEFAULT_MAX_RECONNECT_DELAY,
      DEFAULT_DIVERGENCE_CHECKS, DEFAULT_ZSTD_LEVEL, DEFAULT_CHECKPOINT_INTERVAL);

  public ArchiverSettings {
    for (Duration d : new Duration[] {pieceInterval, pollInterval, topologyInterval, reconnectDelay, maxReconnectDelay,
        checkpointInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("archiver intervals and delays must be positive, got " + d);
      }
    }
    if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
      throw new IllegalArgumentException("maxReconnectDelay (" + maxReconnectDelay + ") must be >= reconnectDelay ("
          + reconnectDelay + ")");
    }
    if (pieceMaxBytes < 64 * 1024) {
      throw new IllegalArgumentException("pieceMaxBytes must be >= 65536, got " + pieceMaxBytes);
    }
    if (divergenceChecks < 1) {
      throw new IllegalArgumentException("divergenceChecks must be >= 1, got " + divergenceChecks);
    }
    if (zstdLevel < 1 || zstdLevel > 19) {
      throw new IllegalArgumentException("zstdLevel must be 1-19, got " + zstdLevel);
    }
  }

  public ArchiverSettings withPieceInterval(Duration interval) {
    return new ArchiverSettings(interval, pieceMaxBytes, pollInterval, topologyInterval, reconnectDelay,
        maxReconnectDelay, divergenceChecks, zstdLevel, checkpointInterval);
  }
}
