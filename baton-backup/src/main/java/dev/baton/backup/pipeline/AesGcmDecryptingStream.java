package dev.baton.backup.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Decrypts what {@link AesGcmEncryptingStream} wrote. A chunk is released only once it has been
 * authenticated, and the end of the stream must come right after the chunk flagged last: a wrong
 * key, a changed byte or a truncated object all end in an IOException, never in wrong data.
 */
final class AesGcmDecryptingStream extends InputStream {
  private final InputStream in;
  private final BackupKey key;
  private final byte[] header;
  private final byte[] sealed;
  private byte[] plain = new byte[0];
  private int pos;
  private long index;
  /** A byte read ahead to learn whether the chunk before it was the last; -1 when none. */
  private int lookahead = -1;
  private boolean finished;

  AesGcmDecryptingStream(InputStream in, BackupKey key) throws IOException {
    this.in = in;
    this.key = key;
    this.header = in.readNBytes(AesGcmChunks.HEADER_LENGTH);
    if (header.length < AesGcmChunks.HEADER_LENGTH
        || !Arrays.equals(header, 0, AesGcmChunks.MAGIC.length, AesGcmChunks.MAGIC, 0, AesGcmChunks.MAGIC.length)
        || header[AesGcmChunks.MAGIC.length] != AesGcmChunks.VERSION) {
      throw new IOException("not an encrypted Baton backup object (bad header)");
    }
    int chunkSize = ((header[5] & 0xff) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8) | (header[8] & 0xff);
    if (chunkSize < 1 || chunkSize > AesGcmChunks.MAX_CHUNK_SIZE) {
      throw new IOException("encrypted object has an invalid chunk size " + chunkSize);
    }
    this.sealed = new byte[chunkSize + AesGcmChunks.TAG_LENGTH];
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == plain.length) {
      if (finished) {
        return -1;
      }
      open();
    }
    int n = Math.min(len, plain.length - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    return n;
  }

  private void open() throws IOException {
    int n = 0;
    if (lookahead >= 0) {
      sealed[n++] = (byte) lookahead;
      lookahead = -1;
    }
    n += in.readNBytes(sealed, n, sealed.length - n);
    boolean last = true;
    if (n == sealed.length) {
      lookahead = in.read();
      last = lookahead < 0;
    }
    if (n < AesGcmChunks.TAG_LENGTH) {
      throw new IOException("encrypted object is truncated at chunk " + index);
    }
    try {
      plain = AesGcmChunks.cipher(Cipher.DECRYPT_MODE, key, header, index, last).doFinal(sealed, 0, n);
    } catch (AEADBadTagException e) {
      throw new IOException("chunk " + index + " failed authentication: wrong key, or the object was changed or cut", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("decrypting chunk " + index + " failed: " + e.getMessage(), e);
    }
    index++;
    pos = 0;
    finished = last;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
