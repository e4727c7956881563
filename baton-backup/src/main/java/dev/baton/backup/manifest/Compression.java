package dev.baton.backup.manifest;

/** How a backup's objects are compressed. */
public enum Compression {
  ZSTD("zstd", ".zst"),
  /** Stored as the tool wrote them: for hosts whose cores cannot compress as fast as the tool reads, or stores that compress. */
  NONE("none", "");

  private final String id;
  private final String suffix;

  Compression(String id, String suffix) {
    this.id = id;
    this.suffix = suffix;
  }

  /** What an object's name ends with, after the format's own suffix. */
  public String suffix() {
    return suffix;
  }

  @Override
  public String toString() {
    return id;
  }

  /** From its name as {@link #toString()} gives it; refuses others with one line naming the choices. */
  public static Compression parse(String name) {
    for (Compression c : values()) {
      if (c.id.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression '" + name + "': use zstd or none");
  }
}
