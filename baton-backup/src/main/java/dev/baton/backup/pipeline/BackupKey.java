package dev.baton.backup.pipeline;

import java.util.Arrays;

/** A 256-bit AES key for backup encryption; {@link #toString()} never shows it. */
public final class BackupKey {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  public BackupKey(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a backup key must be " + LENGTH + " bytes (AES-256), got " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "BackupKey[hidden]";
  }
}
