package dev.baton.backup.pipeline;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;

/**
 * Encrypts a stream chunk by chunk (see {@link AesGcmChunks}). One chunk is held back until the
 * next byte or the close shows whether it is the last.
 */
final class AesGcmEncryptingStream extends FilterOutputStream {
  private final BackupKey key;
  private final byte[] header;
  private final byte[] chunk;
  private int filled;
  private long index;
  private boolean closed;

  AesGcmEncryptingStream(OutputStream out, BackupKey key, int chunkSize) throws IOException {
    super(out);
    if (chunkSize < 1 || chunkSize > AesGcmChunks.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunk size must be 1.." + AesGcmChunks.MAX_CHUNK_SIZE + ", got " + chunkSize);
    }
    byte[] prefix = new byte[AesGcmChunks.NONCE_PREFIX_LENGTH];
    new SecureRandom().nextBytes(prefix);
    this.key = key;
    this.header = AesGcmChunks.header(chunkSize, prefix);
    this.chunk = new byte[chunkSize];
    out.write(header);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (filled == chunk.length) {
        seal(false);
      }
      int n = Math.min(len, chunk.length - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream o = out) {
      seal(true);
      o.flush();
    }
  }

  private void seal(boolean last) throws IOException {
    try {
      Cipher c = AesGcmChunks.cipher(Cipher.ENCRYPT_MODE, key, header, index++, last);
      out.write(c.doFinal(chunk, 0, filled));
      filled = 0;
    } catch (GeneralSecurityException e) {
      throw new IOException("encrypting chunk " + (index - 1) + " failed: " + e.getMessage(), e);
    }
  }
}
