package dev.baton.mysql.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a log that a process appends to ended before the process started, so that what this run
 * wrote can be read apart from earlier runs' lines (the logs of a resumed cluster keep growing).
 */
public record LogMark(Path log, long offset) {
  public static LogMark at(Path log) {
    try {
      return new LogMark(log, Files.size(log));
    } catch (IOException e) {
      return new LogMark(log, 0);
    }
  }

  /** The text written since the mark; empty when there is no log. */
  public String textSince() {
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(offset);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
