package dev.baton.backup.pipeline;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * How stored objects are encoded: zstd (unless a backup is stored uncompressed), then AES-256-GCM
 * chunks when a key is given. One place
 * for it, so that backups and archived binlog pieces are written and read the same way.
 */
public final class ObjectCodec {
  private ObjectCodec() {}

  /** Compresses on the writing thread: for small objects, where handing work to threads costs more than it saves. */
  public static OutputStream encoder(OutputStream out, Optional<BackupKey> key, int zstdLevel) throws IOException {
    return encoder(out, key, Compression.ZSTD, zstdLevel, 0);
  }

  /**
   * Wraps {@code out} so that what is written to the result is compressed, then encrypted with the
   * key if any. With workers, zstd compresses jobs of the stream on that many threads of its own
   * while the writer goes on; the result is still one ordinary zstd frame.
   */
  public static OutputStream encoder(OutputStream out, Optional<BackupKey> key, Compression compression, int zstdLevel,
      int zstdWorkers) throws IOException {
    OutputStream sealed = key.isPresent() ? new AesGcmEncryptingStream(out, key.get(), AesGcmChunks.DEFAULT_CHUNK_SIZE) : out;
    if (compression == Compression.NONE) {
      return sealed;
    }
    ZstdOutputStream zstd = new ZstdOutputStream(sealed, zstdLevel);
    if (zstdWorkers > 0) {
      zstd.setWorkers(zstdWorkers);
    }
    return zstd;
  }

  /** Wraps stored bytes so that reading the result yields the plain content; refuses an encrypted object without its key. */
  public static InputStream decoder(InputStream stored, Compression compression, Encryption encryption,
      Optional<BackupKey> key, String what) throws IOException {
    if (encryption != Encryption.NONE && key.isEmpty()) {
      throw new BackupRefusedException(what + " is encrypted (" + encryption + "): give its key");
    }
    InputStream plain = encryption == Encryption.NONE ? stored : new AesGcmDecryptingStream(stored, key.get());
    return compression == Compression.NONE ? plain : new ZstdInputStream(plain);
  }

  public static Encryption encryption(Optional<BackupKey> key) {
    return key.isPresent() ? Encryption.AES_256_GCM : Encryption.NONE;
  }
}
