package dev.baton.backup.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The layout of an encrypted backup object, shared by the writer and the reader. GCM over a
 * whole object could not stream (the tag comes at the end, after everything was released), so
 * the plaintext is cut into chunks, each sealed on its own:
 *
 * <pre>
 * header:  "BTNE" | version (1 byte) | chunk size (int) | nonce prefix (7 random bytes)
 * chunk i: AES-256-GCM(plaintext i), nonce = prefix | i (int) | 1 if last else 0, AAD = header
 * </pre>
 *
 * Every chunk but the last holds exactly the chunk size; the last is flagged in its nonce, so a
 * stream cut at a chunk boundary, reordered or spliced fails authentication.
 */
final class AesGcmChunks {
  static final byte[] MAGIC = "BTNE".getBytes(StandardCharsets.US_ASCII);
  static final byte VERSION = 1;
  static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
  static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  static final int NONCE_PREFIX_LENGTH = 7;
  static final int HEADER_LENGTH = MAGIC.length + 1 + 4 + NONCE_PREFIX_LENGTH;
  static final int TAG_BITS = 128;
  static final int TAG_LENGTH = TAG_BITS / 8;

  private AesGcmChunks() {}

  static byte[] header(int chunkSize, byte[] noncePrefix) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(VERSION).putInt(chunkSize).put(noncePrefix).array();
  }

  static Cipher cipher(int mode, BackupKey key, byte[] header, long index, boolean last)
      throws GeneralSecurityException {
    if (index > Integer.MAX_VALUE) {
      throw new GeneralSecurityException("too many chunks for one object: " + index);
    }
    byte[] nonce = ByteBuffer.allocate(12).put(header, HEADER_LENGTH - NONCE_PREFIX_LENGTH, NONCE_PREFIX_LENGTH)
        .putInt((int) index).put((byte) (last ? 1 : 0)).array();
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(header);
    return c;
  }
}
