package dev.baton.backup.manifest;

import java.util.Arrays;

/** Full or incremental: also the name of the folder a backup lives in under its cluster. */
public enum BackupKind {
  FULL("full"),
  INCREMENTAL("incremental");

  private final String id;

  BackupKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  static BackupKind parse(String text) {
    return Arrays.stream(values()).filter(k -> k.id.equals(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown backup kind '" + text + "': use full or incremental"));
  }

  @Override
  public String toString() {
    return id;
  }
}
