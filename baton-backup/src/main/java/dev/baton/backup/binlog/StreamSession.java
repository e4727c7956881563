package dev.baton.backup.binlog;

import dev.baton.backup.method.Directories;
import dev.baton.backup.pipeline.ToolProcess;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the binlog tool to one primary, resuming at a GTID state: the tool writes
 * the raw binlog files into a private directory, and this reads them as they grow and uploads
 * pieces of whole transactions. Only the archiver's thread calls it.
 */
final class StreamSession implements AutoCloseable {
  /** The server id the binlog tool reports: distinct from every instance's (node ids) and restored servers'. */
  static final long ARCHIVER_SERVER_ID = 2_000_000_001L;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

  private final BinlogArchive archive;
  private final Flavor flavor;
  private final InstanceAddress primary;
  private final Path dir;
  private final String stamp;
  private final ToolProcess tool;
  private final ArchiverSettings settings;
  private final Clock clock;
  private final Set<String> done = new HashSet<>();
  private GtidState position;
  private CurrentFile current;
  private long uploadRetryAt;
  private int piecesStored;

  /** The file being read: its scanner, and the transactions read but not yet uploaded. */
  private static final class CurrentFile {
    final String name;
    final FileChannel channel;
    final BinlogScanner scanner;
    final List<BinlogTransaction> pending = new ArrayList<>();
    long pieceStart;
    long pendingSince;
    int nextSeq = 1;

    CurrentFile(Flavor flavor, Path file) throws IOException {
      this.name = file.getFileName().toString();
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
      this.scanner = new BinlogScanner(flavor, name);
    }
  }

  private StreamSession(BinlogArchive archive, Flavor flavor, InstanceAddress primary, Path dir, String stamp,
      ToolProcess tool, GtidState from, ArchiverSettings settings, Clock clock) {
    this.archive = archive;
    this.flavor = flavor;
    this.primary = primary;
    this.dir = dir;
    this.stamp = stamp;
    this.tool = tool;
    this.position = from;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Starts the binlog tool against {@code primary}, asking for every transaction after {@code from}.
   *
   * @param options a client option file with the streaming account (REPLICATION SLAVE), host and port
   * @param startedAt names the session's segments; later than every segment already archived
   */
  static StreamSession start(BinlogArchive archive, ServerDistribution dist, InstanceAddress primary, Path options,
      Path workDir, GtidState from, Instant startedAt, ArchiverSettings settings, Clock clock) throws IOException {
    String stamp = STAMP.format(startedAt);
    Path dir = Files.createDirectories(workDir.resolve("session-" + stamp));
    // --defaults-file must come first: it carries the account, kept out of the process list.
    List<String> args = new ArrayList<>(List.of("--defaults-file=" + options));
    if (dist.flavor() == Flavor.MYSQL) {
      // With the GTID protocol the server itself leaves out the excluded transactions.
      args.addAll(List.of("--read-from-remote-source=BINLOG-DUMP-GTIDS", "--exclude-gtids=" + from.oneLine(),
          "--connection-server-id=" + ARCHIVER_SERVER_ID));
    } else {
      // An empty position is written as domain 0 at sequence 0: the server then starts at its first binlog.
      args.addAll(List.of("--read-from-remote-server", "--start-position=" + (from.isEmpty() ? "0-0-0" : from.oneLine()),
          "--stop-never-slave-server-id=" + ARCHIVER_SERVER_ID));
    }
    // An empty file name lets the server find the file that holds the first transaction wanted.
    args.addAll(List.of("--raw", "--stop-never", "--result-file=" + dir + "/", ""));
    ToolProcess tool = ToolProcess.producer(BinlogTool.path(dist).getFileName().toString(), BinlogTool.command(dist, args));
    log.info("streaming binlogs of {} after {} into {}", primary, from.isEmpty() ? "(nothing)" : from, dir);
    return new StreamSession(archive, dist.flavor(), primary, dir, stamp, tool, from, settings, clock);
  }

  /** When the session that wrote {@code segment} started: the first part of its name. */
  static Instant startedAt(String segment) {
    int dash = segment.indexOf('-');
    return STAMP.parse(dash < 0 ? segment : segment.substring(0, dash), Instant::from);
  }

  /** The archive's GTID state after the last piece this session stored. */
  GtidState position() {
    return position;
  }

  int piecesStored() {
    return piecesStored;
  }

  boolean alive() {
    return tool.alive();
  }

  /** The tool's last diagnostic lines. */
  String diagnostics() {
    return tool.tail();
  }

  /**
   * Reads what the tool appended and uploads every piece that is due; with {@code drain}, every
   * whole transaction read so far, at once (the tool has stopped). An upload that fails is
   * retried on a later call; the bytes stay in the local file meanwhile.
   */
  void poll(boolean drain) throws IOException {
    while (true) {
      if (current == null && !openNext()) {
        return;
      }
      List<BinlogTransaction> found = current.scanner.scan(current.channel);
      if (current.pending.isEmpty() && !found.isEmpty()) {
        current.pendingSince = System.nanoTime();
      }
      current.pending.addAll(found);
      boolean finished = current.scanner.ended() || newerFileExists();
      if (!current.pending.isEmpty() && (drain || finished || due())) {
        if (!upload()) {
          return;
        }
      }
      if (!finished || !current.pending.isEmpty()) {
        return;
      }
      current.channel.close();
      Files.deleteIfExists(dir.resolve(current.name));
      done.add(current.name);
      current = null;
    }
  }

  private boolean due() {
    long waiting = current.scanner.committedOffset() - current.pieceStart;
    return waiting >= settings.pieceMaxBytes()
        || System.nanoTime() - current.pendingSince >= settings.pieceInterval().toNanos();
  }

  private boolean upload() throws IOException {
    if (System.nanoTime() < uploadRetryAt) {
      return false;
    }
    CurrentFile f = current;
    long end = f.scanner.committedOffset();
    ByteBuffer bytes = ByteBuffer.allocate((int) (end - f.pieceStart));
    while (bytes.hasRemaining()) {
      if (f.channel.read(bytes, f.pieceStart + bytes.position()) < 0) {
        throw new IOException(f.name + " ended at " + (f.pieceStart + bytes.position()) + " before " + end);
      }
    }
    GtidState after = position;
    for (BinlogTransaction t : f.pending) {
      after = after.union(t.gtid());
    }
    PieceDraft draft = new PieceDraft(archive.cluster(), flavor, stamp + "-" + f.name, f.nextSeq, primary.toString(),
        f.name, f.pieceStart, end - f.pieceStart, position, after, f.pending.size(), f.pending.get(0).committedAt(),
        f.pending.get(f.pending.size() - 1).committedAt());
    try {
      archive.store(draft, bytes.array(), clock);
    } catch (IOException e) {
      uploadRetryAt = System.nanoTime() + settings.reconnectDelay().toNanos();
      log.warn("uploading binlog piece {} to {} failed, retrying in {}: {}", draft, archive.store().location(),
          settings.reconnectDelay(), e.toString());
      return false;
    }
    position = after;
    f.pieceStart = end;
    f.nextSeq++;
    f.pending.clear();
    piecesStored++;
    return true;
  }

  private boolean openNext() throws IOException {
    Optional<Path> next = rawFiles().stream().filter(p -> !done.contains(p.getFileName().toString())).findFirst();
    if (next.isEmpty()) {
      return false;
    }
    current = new CurrentFile(flavor, next.get());
    return true;
  }

  private boolean newerFileExists() throws IOException {
    return rawFiles().stream().anyMatch(p -> p.getFileName().toString().compareTo(current.name) > 0);
  }

  private List<Path> rawFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Stops the tool; what it wrote stays readable for a last {@link #poll(boolean)}. */
  void stopTool() {
    tool.close();
  }

  @Override
  public void close() {
    tool.close();
    if (current != null) {
      try {
        current.channel.close();
      } catch (IOException e) {
        log.debug("closing {}: {}", current.name, e.toString());
      }
    }
    Directories.deleteTree(dir);
  }
}
