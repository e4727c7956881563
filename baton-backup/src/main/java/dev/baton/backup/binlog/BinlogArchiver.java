package dev.baton.backup.binlog;

import dev.baton.backup.method.Directories;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the primary's binlogs continuously: streams them with the flavor's binlog tool
 * (REPLICATION SLAVE is all the streaming account needs), uploads pieces of whole transactions
 * every few seconds, and follows the primary across failovers. Each session resumes at the GTID
 * state the archive holds, so the archive has neither holes nor duplicates across a failover.
 * When the new primary cannot continue it — it purged the binlogs needed, or lacks transactions
 * already archived (lost in the failover) — the archiver records a gap, which point-in-time
 * restore never crosses, and goes on from what the primary has.
 *
 * <p>One thread does everything (stream, cut, upload, follow), so no state is shared.
 */
public final class BinlogArchiver implements AutoCloseable {
  /** How long close waits for the last pieces to be uploaded before it gives up on them. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** How long close waits for the stream to hold what the primary has committed, within {@link #CLOSE_TIMEOUT}. */
  public static final Duration CLOSE_CATCH_UP = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(BinlogArchiver.class);

  private final BinlogArchive archive;
  private final ServerDistribution dist;
  private final TopologySource topology;
  private final StreamAccount account;
  private final PrimaryProbe probe;
  private final Path workDir;
  private final ArchiverSettings settings;
  private final Clock clock;
  private final Checkpoints checkpoints;
  private final Thread thread;
  private volatile boolean closed;
  /** Touched by the archiver thread only. */
  private Optional<GtidState> position = Optional.empty();
  private Instant lastSession = Instant.EPOCH;
  private int divergenceSeen;

  /**
   * An account for the archiver: {@code streamUser} needs REPLICATION SLAVE; {@code probeUser}
   * reads the primary's GTIDs and lists its binary logs (REPLICATION CLIENT or BINLOG MONITOR).
   */
  public record StreamAccount(String streamUser, String streamPassword, String probeUser, String probePassword) {
    @Override
    public String toString() {
      return "StreamAccount[" + streamUser + ", " + probeUser + ", passwords hidden]";
    }
  }

  public BinlogArchiver(BinlogArchive archive, ServerDistribution dist, TopologySource topology, StreamAccount account,
      Path workDir, ArchiverSettings settings, Clock clock) {
    this.archive = archive;
    this.dist = dist;
    this.topology = topology;
    this.account = account;
    this.probe = new PrimaryProbe(dist.flavor(), account.probeUser(), account.probePassword());
    this.workDir = workDir;
    this.settings = settings;
    this.clock = clock;
    this.checkpoints = new Checkpoints(archive, probe, settings.checkpointInterval(), clock);
    this.thread = new Thread(this::run, "binlog-archiver");
    thread.setDaemon(true);
  }

  public BinlogArchiver start() {
    thread.start();
    return this;
  }

  private void run() {
    Duration delay = settings.reconnectDelay();
    while (!closed) {
      try {
        if (position.isEmpty()) {
          resumeFromStore();
        }
        InstanceAddress primary = topology.primary();
        GtidState from = startingPoint(primary);
        if (stream(primary, from)) {
          delay = settings.reconnectDelay();
          divergenceSeen = 0;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("binlog archiving interrupted, retrying in {}: {}", delay, e.getMessage());
      } catch (InterruptedException e) {
        return;
      }
      if (!pause(delay)) {
        return;
      }
      delay = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0 ? settings.maxReconnectDelay()
          : delay.multipliedBy(2);
    }
  }

  /** Learns where the archive ends, and removes what an earlier run of this archiver left on local disk. */
  private void resumeFromStore() throws IOException {
    Files.createDirectories(workDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (Stream<Path> old = Files.list(workDir)) {
      old.filter(p -> p.getFileName().toString().startsWith("session-")).forEach(Directories::deleteTree);
    }
    BinlogArchive.Listing listing = archive.list();
    List<BinlogPiece> pieces = listing.pieces();
    checkpoints.resume(listing.checkpoint());
    if (!pieces.isEmpty()) {
      BinlogPiece last = pieces.get(pieces.size() - 1);
      position = Optional.of(last.after());
      lastSession = StreamSession.startedAt(last.segment());
      log.info("the binlog archive of {} in {} ends at {} ({} pieces)", archive.cluster(), archive.store().location(),
          last.after(), pieces.size());
    }
  }

  /**
   * Where to resume on {@code primary}: the archive's end; for an empty archive the primary's
   * oldest binlog. On MySQL a primary that lacks archived transactions (lost in a failover) is
   * noticed here, as the server would stream anyway.
   */
  private GtidState startingPoint(InstanceAddress primary) throws IOException {
    if (position.isEmpty()) {
      GtidState oldest = probe.oldest(primary);
      position = Optional.of(oldest);
      return oldest;
    }
    GtidState archived = position.get();
    if (dist.flavor() == Flavor.MYSQL) {
      GtidState executed = probe.executed(primary);
      GtidState lost = archived.subtract(executed);
      if (!lost.isEmpty()) {
        if (++divergenceSeen < settings.divergenceChecks()) {
          throw new IOException("the primary " + primary + " lacks archived transactions " + lost
              + "; waiting for it to catch up before recording a gap");
        }
        GtidState kept = archived.subtract(lost);
        recordGap(primary, archived, kept, "the primary " + primary + " lacks archived transactions " + lost
            + ": they were lost in a failover");
        return kept;
      }
      divergenceSeen = 0;
    }
    return archived;
  }

  /** Runs one session until the tool stops, the primary changes or the archiver closes; returns whether it stored pieces. */
  private boolean stream(InstanceAddress primary, GtidState from) throws IOException, InterruptedException {
    Path options = writeOptions(primary);
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!startedAt.isAfter(lastSession)) {
      startedAt = lastSession.plusMillis(1);
    }
    lastSession = startedAt;
    try (StreamSession session = StreamSession.start(archive, dist, primary, options, workDir, from, startedAt,
        settings, clock)) {
      long nextTopologyCheck = System.nanoTime() + settings.topologyInterval().toNanos();
      while (!closed) {
        session.poll(false);
        position = Optional.of(session.position());
        checkpoints.poll(primary, session.position());
        if (!session.alive()) {
          session.poll(true);
          position = Optional.of(session.position());
          return onToolExit(primary, session) || session.piecesStored() > 0;
        }
        if (System.nanoTime() >= nextTopologyCheck) {
          nextTopologyCheck = System.nanoTime() + settings.topologyInterval().toNanos();
          InstanceAddress now = topology.primary();
          if (!now.equals(primary)) {
            log.info("the primary moved from {} to {}: finishing what was streamed, then following it", primary, now);
            session.stopTool();
            session.poll(true);
            position = Optional.of(session.position());
            return true;
          }
        }
        Thread.sleep(settings.pollInterval().toMillis());
      }
      catchUpBeforeClosing(primary, session);
      session.stopTool();
      session.poll(true);
      position = Optional.of(session.position());
      return true;
    } finally {
      Files.deleteIfExists(options);
    }
  }

  /**
   * Archives what the primary has committed so far and records that, so that the archive vouches
   * for the time up to the stop: a restore to a time while the archiver is away needs it.
   */
  private void catchUpBeforeClosing(InstanceAddress primary, StreamSession session)
      throws IOException, InterruptedException {
    checkpoints.readNow(primary);
    long deadline = System.nanoTime() + CLOSE_CATCH_UP.toNanos();
    while (checkpoints.pending() && session.alive() && System.nanoTime() < deadline) {
      session.poll(true);
      position = Optional.of(session.position());
      checkpoints.poll(primary, session.position());
      if (checkpoints.pending()) {
        Thread.sleep(settings.pollInterval().toMillis());
      }
    }
  }

  /**
   * The tool stopped by itself: the server went away, or refused to continue the archive. Returns
   * whether a gap was recorded, after which the archive goes on at once from what the primary has.
   */
  private boolean onToolExit(InstanceAddress primary, StreamSession session) throws IOException {
    String why = session.diagnostics();
    GtidState archived = position.orElseThrow();
    if (why.contains("purged required binary logs") || why.contains("Could not find GTID state requested")) {
      GtidState oldest = probe.oldest(primary);
      GtidState resumed = dist.flavor() == Flavor.MYSQL ? archived.union(oldest) : oldest;
      recordGap(primary, archived, resumed, why);
      position = Optional.of(resumed);
      return true;
    }
    if (why.contains("which is not in the master's binlog")) {
      if (++divergenceSeen < settings.divergenceChecks()) {
        throw new IOException("the binlog stream from " + primary + " stopped (" + divergenceSeen + " of "
            + settings.divergenceChecks() + " before a gap is recorded): " + why);
      }
      GtidState oldest = probe.oldest(primary);
      recordGap(primary, archived, oldest, why);
      position = Optional.of(oldest);
      return true;
    }
    log.warn("the binlog stream from {} stopped: {}", primary, why);
    return false;
  }

  private void recordGap(InstanceAddress primary, GtidState archived, GtidState resumed, String reason)
      throws IOException {
    divergenceSeen = 0;
    ArchiveGap gap = new ArchiveGap(ArchiveGap.FORMAT, archive.cluster(), clock.instant(), archived.text(),
        resumed.text(), primary.toString(), reason, checkpoints.completeUntil(archived));
    archive.recordGap(gap);
    log.warn("binlog archive gap recorded: archived {}, resuming from {} on {}: {}", archived, resumed, primary, reason);
  }

  private Path writeOptions(InstanceAddress primary) throws IOException {
    Path file = workDir.resolve("stream.cnf");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "[client]\nuser=" + account.streamUser() + "\npassword=\"" + account.streamPassword()
        + "\"\nhost=" + primary.host() + "\nport=" + primary.port() + "\nprotocol=TCP\n");
    return file;
  }

  /** Sleeps in short steps so that a close is noticed soon; returns whether to go on. */
  private boolean pause(Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    try {
      while (!closed && System.nanoTime() < deadline) {
        Thread.sleep(Math.min(settings.pollInterval().toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      }
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** Stops streaming after uploading what is complete; waits for that, bounded. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }
}
