package dev.baton.backup.manifest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while it counts them and computes their SHA-256, so that an object's
 * digest comes from the very bytes sent to (or read from) the store, in the same single pass.
 */
public final class Sha256Counter extends FilterInputStream {
  private final MessageDigest digest;
  private long count;

  public Sha256Counter(InputStream in) {
    super(in);
    this.digest = sha256();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  static StoredObject object(String name, long count, MessageDigest digest) {
    return new StoredObject(name, count, HexFormat.of().formatHex(digest.digest()));
  }

  /** Reads {@code in} to the end and returns its SHA-256 and length. */
  public static StoredObject digestAll(String name, InputStream in) throws IOException {
    try (Sha256Counter c = new Sha256Counter(in)) {
      c.transferTo(OutputStream.nullOutputStream());
      return c.result(name);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would leave bytes out of the digest");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The digest of everything read so far; call once, at the end. */
  public StoredObject result(String name) {
    return object(name, count, digest);
  }
}
