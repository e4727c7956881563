package dev.baton.backup.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Names a backup by its start time (UTC, to the second) and kind, e.g. {@code
 * 20261126T093000Z-full}: ids sort by time as plain text, in a store listing as anywhere else.
 */
public record BackupId(Instant startedAt, BackupKind kind) implements Comparable<BackupId> {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public BackupId {
    startedAt = startedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  @JsonCreator
  public static BackupId parse(String text) {
    String t = text == null ? "" : text.trim();
    int dash = t.indexOf('-');
    try {
      if (dash < 0) {
        throw new IllegalArgumentException("no kind");
      }
      return new BackupId(FORMAT.parse(t.substring(0, dash), Instant::from), BackupKind.parse(t.substring(dash + 1)));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a backup id: write it as 20261126T093000Z-full"
          + " or 20261126T093000Z-incremental");
    }
  }

  @Override
  public int compareTo(BackupId o) {
    return toString().compareTo(o.toString());
  }

  @JsonValue
  @Override
  public String toString() {
    return FORMAT.format(startedAt) + "-" + kind.id();
  }
}
