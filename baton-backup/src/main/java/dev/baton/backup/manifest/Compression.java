package dev.baton.backup.manifest;

/** How a backup's objects are compressed. */
public enum Compression {
  ZSTD("zstd");

  private final String id;

  Compression(String id) {
    this.id = id;
  }

  @Override
  public String toString() {
    return id;
  }
}
