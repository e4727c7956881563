package dev.baton.backup.binlog;

import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a binlog file while the binlog tool still appends to it and finds the whole transactions
 * in it, so that the archiver cuts pieces only between transactions and knows each piece's GTIDs
 * and commit times exactly. Only event headers and the first bytes of the few events that matter
 * (format description, GTID, query) are read; an event not yet written in full is read on a
 * later call. One scanner per file, fed from the start.
 *
 * <p>A transaction starts at its GTID event and ends with its XID event, a COMMIT or ROLLBACK
 * query, an XA prepare, a compressed transaction payload, or — when its first query is not
 * BEGIN — with that query (DDL).
 */
public final class BinlogScanner {
  static final int HEADER = 19;
  static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
  /** Enough of an event's body for what is read from it: a GTID event whole, a query's first words. */
  static final int BODY_PREFIX = 4096;
  private static final int QUERY = 2;
  private static final int STOP = 3;
  private static final int ROTATE = 4;
  private static final int FORMAT_DESCRIPTION = 15;
  private static final int XID = 16;
  private static final int MYSQL_GTID = 33;
  private static final int MYSQL_ANONYMOUS_GTID = 34;
  private static final int XA_PREPARE = 38;
  private static final int TRANSACTION_PAYLOAD = 40;
  private static final int MYSQL_TAGGED_GTID = 42;
  private static final int MARIADB_GTID = 162;
  /** An event the server made up for the stream (a rotate to the first file), not one of the file's own. */
  private static final int ARTIFICIAL = 0x20;
  private static final int QUERY_POST_HEADER = 13;
  private static final int CHECKSUM = 4;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Flavor flavor;
  private final String file;
  private long offset;
  private long committed;
  private boolean checksummed;
  private boolean ended;
  private Open open;

  /** The transaction being read: where it started, its GTID, whether its BEGIN has been seen. */
  private record Open(long start, GtidState gtid, Instant committedAt, boolean multiStatement) {}

  /** @param file the file's name, for messages */
  public BinlogScanner(Flavor flavor, String file) {
    this.flavor = flavor;
    this.file = file;
  }

  /** Reads what was appended since the last call and returns the transactions completed in it. */
  public List<BinlogTransaction> scan(FileChannel ch) throws IOException {
    List<BinlogTransaction> found = new ArrayList<>();
    long size = ch.size();
    if (offset == 0) {
      if (size < MAGIC.length) {
        return found;
      }
      ByteBuffer magic = read(ch, 0, MAGIC.length);
      for (int i = 0; i < MAGIC.length; i++) {
        if (magic.get(i) != MAGIC[i]) {
          throw new IOException(file + " is not a binlog file: it does not start with the binlog magic bytes");
        }
      }
      offset = MAGIC.length;
      committed = offset;
    }
    while (offset + HEADER <= size) {
      ByteBuffer header = read(ch, offset, HEADER);
      long eventSize = Integer.toUnsignedLong(header.getInt(9));
      if (eventSize < HEADER) {
        throw new IOException(file + ": event at " + offset + " claims " + eventSize + " bytes, less than its header");
      }
      if (offset + eventSize > size) {
        break;
      }
      int type = header.get(4) & 0xff;
      // Rows events are most of a binlog and need no more than their header.
      boolean parsed = type == FORMAT_DESCRIPTION || type == QUERY || type == MYSQL_GTID || type == MARIADB_GTID;
      ByteBuffer body = parsed ? read(ch, offset + HEADER, (int) Math.min(eventSize - HEADER, BODY_PREFIX)) : EMPTY;
      long end = offset + eventSize;
      event(type, header, body, eventSize, end).ifPresent(found::add);
      offset = end;
      if (open == null) {
        committed = offset;
      }
    }
    return found;
  }

  /** The end of the last whole transaction (or of the file's header events): where a piece may end. */
  public long committedOffset() {
    return committed;
  }

  /** Whether a rotate or stop event closed the file: nothing more is written to it. */
  public boolean ended() {
    return ended;
  }

  private Optional<BinlogTransaction> event(int type, ByteBuffer header, ByteBuffer body, long eventSize,
      long end) throws IOException {
    Instant headerTime = Instant.ofEpochSecond(Integer.toUnsignedLong(header.getInt(0)));
    switch (type) {
      case FORMAT_DESCRIPTION -> {
        // The body ends with the checksum algorithm (1 = CRC32) and the event's own checksum.
        int alg = (int) (eventSize - HEADER) - 5;
        checksummed = alg >= 0 && alg < body.limit() && body.get(alg) == 1;
      }
      case STOP -> ended = true;
      case ROTATE -> ended |= (header.getShort(17) & ARTIFICIAL) == 0;
      case MYSQL_GTID -> {
        checkNoneOpen();
        open = mysqlGtid(body, headerTime);
      }
      case MARIADB_GTID -> {
        checkNoneOpen();
        open = mariadbGtid(body, Integer.toUnsignedLong(header.getInt(5)), headerTime);
      }
      case MYSQL_TAGGED_GTID -> throw new IOException(file + ": tagged GTIDs (MySQL 8.4+ gtid_next with a tag) are not"
          + " supported by the binlog archiver; the transaction at " + offset + " uses one");
      case MYSQL_ANONYMOUS_GTID -> throw new IOException(file + ": the transaction at " + offset + " has no GTID:"
          + " the archiver needs gtid_mode=ON");
      case XID, XA_PREPARE, TRANSACTION_PAYLOAD -> {
        return close(end, headerTime);
      }
      case QUERY -> {
        return query(body, eventSize, end, headerTime);
      }
      default -> {
        // Rows, table maps, annotations, checkpoints: part of the transaction around them, if any.
      }
    }
    return Optional.empty();
  }

  private Optional<BinlogTransaction> query(ByteBuffer body, long eventSize, long end, Instant headerTime) {
    if (open == null) {
      return Optional.empty();
    }
    String words = queryStart(body, eventSize);
    if (!open.multiStatement()) {
      if (words.startsWith("BEGIN") || words.startsWith("XA START")) {
        open = new Open(open.start(), open.gtid(), open.committedAt(), true);
        return Optional.empty();
      }
      return close(end, headerTime);
    }
    if (words.startsWith("COMMIT") || words.startsWith("ROLLBACK") || words.startsWith("XA PREPARE")) {
      return close(end, headerTime);
    }
    return Optional.empty();
  }

  /** The first characters of a query event's text, upper-cased. */
  private String queryStart(ByteBuffer body, long eventSize) {
    if (body.limit() < QUERY_POST_HEADER) {
      return "";
    }
    int dbLength = body.get(8) & 0xff;
    int statusLength = Short.toUnsignedInt(body.getShort(11));
    int textStart = QUERY_POST_HEADER + statusLength + dbLength + 1;
    int textEnd = (int) Math.min(body.limit(), eventSize - HEADER - (checksummed ? CHECKSUM : 0));
    if (textStart >= textEnd) {
      return "";
    }
    byte[] text = new byte[Math.min(textEnd - textStart, 32)];
    body.get(textStart, text);
    return new String(text, StandardCharsets.ISO_8859_1).strip().toUpperCase(Locale.ROOT);
  }

  private Optional<BinlogTransaction> close(long end, Instant headerTime) {
    if (open == null) {
      return Optional.empty();
    }
    // MariaDB records no commit time in its GTID event: the closing event's time is the commit's.
    Instant at = flavor == Flavor.MARIADB ? headerTime : open.committedAt();
    BinlogTransaction t = new BinlogTransaction(open.gtid(), open.start(), end, at);
    open = null;
    return Optional.of(t);
  }

  /** A server never begins a transaction inside another: if this file does, its transactions cannot be told apart. */
  private void checkNoneOpen() throws IOException {
    if (open != null) {
      throw new IOException(file + ": a GTID event at " + offset + " begins a transaction before " + open.gtid()
          + " (from " + open.start() + ") ended");
    }
  }

  private Open mysqlGtid(ByteBuffer body, Instant headerTime) throws IOException {
    if (body.limit() < 25) {
      throw new IOException(file + ": GTID event at " + offset + " is too short");
    }
    byte[] sid = new byte[16];
    body.get(1, sid);
    long gno = body.getLong(17);
    String hex = HexFormat.of().formatHex(sid);
    String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
    Instant at = headerTime;
    if (body.limit() >= 49) {
      long micros = 0;
      for (int i = 6; i >= 0; i--) {
        micros = (micros << 8) | (body.get(42 + i) & 0xff);
      }
      micros &= (1L << 55) - 1;
      if (micros > 0) {
        at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
      }
    }
    return new Open(offset, new GtidState(flavor, uuid + ":" + gno), at, false);
  }

  private Open mariadbGtid(ByteBuffer body, long serverId, Instant headerTime) throws IOException {
    if (body.limit() < 13) {
      throw new IOException(file + ": GTID event at " + offset + " is too short");
    }
    long seq = body.getLong(0);
    long domain = Integer.toUnsignedLong(body.getInt(8));
    return new Open(offset, new GtidState(flavor, domain + "-" + serverId + "-" + Long.toUnsignedString(seq)),
        headerTime, false);
  }

  private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new IOException("binlog file ended at " + (position + b.position()) + " while " + length
            + " bytes were expected from " + position);
      }
    }
    return b.flip();
  }
}
