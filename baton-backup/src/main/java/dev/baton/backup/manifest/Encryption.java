package dev.baton.backup.manifest;

/** How a backup's objects are encrypted. */
public enum Encryption {
  NONE("none"),
  /** AES-256-GCM in independently authenticated chunks, so that it streams (see the pipeline). */
  AES_256_GCM("aes-256-gcm");

  private final String id;

  Encryption(String id) {
    this.id = id;
  }

  @Override
  public String toString() {
    return id;
  }
}
