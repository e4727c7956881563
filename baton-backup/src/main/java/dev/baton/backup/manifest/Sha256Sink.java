package dev.baton.backup.manifest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * {@link Sha256Counter} on the writing side: lets a pipeline's producer take the digest of what
 * it writes, so that hashing and storing the bytes run on two cores instead of one.
 */
public final class Sha256Sink extends FilterOutputStream {
  private final MessageDigest digest = Sha256Counter.sha256();
  private long count;

  public Sha256Sink(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  /** The digest of everything written; call once, after the last write. */
  public StoredObject result(String name) {
    return Sha256Counter.object(name, count, digest);
  }
}
