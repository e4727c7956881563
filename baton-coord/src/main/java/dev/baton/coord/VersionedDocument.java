package dev.baton.coord;

import java.util.Arrays;
import java.util.Objects;

/**
 * A small document (such as the topology) and its version: 1 when first written, one more with
 * each write. Writers change it only with compare-and-set on the version they read.
 */
public record VersionedDocument(String key, long version, byte[] value) {
  /** Both stores keep whole documents in memory and in one request. */
  public static final int MAX_VALUE_BYTES = 1024 * 1024;

  public VersionedDocument {
    checkKey(key);
    if (version < 1) {
      throw new IllegalArgumentException("version of document " + key + " must be at least 1, got " + version);
    }
    value = checkValue(key, value).clone();
  }

  public static final int MAX_KEY_LENGTH = 200;

  public static void checkKey(String key) {
    Objects.requireNonNull(key, "document key");
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("document key '" + key + "' must have 1-" + MAX_KEY_LENGTH
          + " characters, not all blank");
    }
  }

  /** 0 stands for "absent" in compare-and-set. */
  public static void checkExpectedVersion(String key, long expectedVersion) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected version of document " + key + " must be 0 (absent) or more, got "
          + expectedVersion);
    }
  }

  public static byte[] checkValue(String key, byte[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("document " + key + " has " + value.length + " bytes: at most "
          + MAX_VALUE_BYTES + " are allowed");
    }
    return value;
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedDocument d && key.equals(d.key) && version == d.version && Arrays.equals(value, d.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "VersionedDocument[key=" + key + ", version=" + version + ", " + value.length + " bytes]";
  }
}
