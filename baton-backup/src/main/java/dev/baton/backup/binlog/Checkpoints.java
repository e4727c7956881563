package dev.baton.backup.binlog;

import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, now and then, that the archive is current: reads the primary's executed GTIDs and, once
 * the archive holds them all, stores the time of the read as the archive's {@link ArchiveCheckpoint}.
 * Under load the stream catches up with the read a moment later; on a quiet primary at once. The
 * archiver's thread is the only caller.
 */
final class Checkpoints {
  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

  private final BinlogArchive archive;
  private final PrimaryProbe probe;
  private final Duration interval;
  private final Clock clock;
  private Optional<ArchiveCheckpoint> last = Optional.empty();
  private Optional<Read> pending = Optional.empty();
  private long nextRead = System.nanoTime();

  /** What the primary had executed at {@code at}. */
  private record Read(InstanceAddress primary, Instant at, GtidState executed) {}

  Checkpoints(BinlogArchive archive, PrimaryProbe probe, Duration interval, Clock clock) {
    this.archive = archive;
    this.probe = probe;
    this.interval = interval;
    this.clock = clock;
  }

  /** Takes up the checkpoint an earlier run of the archiver stored. */
  void resume(Optional<ArchiveCheckpoint> stored) {
    last = stored;
  }

  /** After each poll of the stream from {@code primary}, with what the archive now holds. */
  void poll(InstanceAddress primary, GtidState archived) {
    if (pending.isPresent() && !pending.get().primary().equals(primary)) {
      pending = Optional.empty();
    }
    if (pending.isEmpty() && System.nanoTime() - nextRead >= 0) {
      readNow(primary);
    }
    if (pending.isPresent() && archived.contains(pending.get().executed())) {
      ArchiveCheckpoint c = new ArchiveCheckpoint(ArchiveCheckpoint.FORMAT, archive.cluster(), pending.get().at(),
          archived.text(), primary.toString());
      pending = Optional.empty();
      try {
        archive.recordCheckpoint(c);
        last = Optional.of(c);
      } catch (IOException e) {
        log.warn("recording that the binlog archive was current at {} failed: {}", c.at(), e.toString());
      }
    }
  }

  /** Reads the primary's GTIDs now, for the next {@link #poll} that finds them archived to record. */
  void readNow(InstanceAddress primary) {
    nextRead = System.nanoTime() + interval.toNanos();
    Instant at = clock.instant();
    try {
      pending = Optional.of(new Read(primary, at, probe.executed(primary)));
    } catch (IOException e) {
      log.debug("no archive checkpoint this time: {}", e.getMessage());
    }
  }

  boolean pending() {
    return pending.isPresent();
  }

  /**
   * The last time every transaction the primary committed was known to be archived, while the
   * archive held no more than {@code archived}: what a gap recorded at {@code archived} can vouch for.
   */
  Optional<Instant> completeUntil(GtidState archived) {
    return last.filter(c -> archived.contains(new GtidState(archived.flavor(), c.archived())))
        .map(ArchiveCheckpoint::at);
  }
}
