package dev.baton.backup.pipeline;

import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.Sha256Counter;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.store.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Streams one stored object back, decoded (decrypted, decompressed), into a sink, while checking
 * its SHA-256 against the manifest. A decode thread reads, digests and decompresses while the
 * calling thread writes to the sink (typically an unpacking tool's input). The sink receives
 * bytes before the digest is known, so callers unpack only into a place they can wipe when this
 * refuses the object; {@link #run} returns only after the digest matched.
 */
public final class BackupDownload {
  /** Decoded chunks in flight to the sink: bounds the memory to 16 × 1 MiB. */
  static final int PIPE_CAPACITY = 16;

  private final BackupCatalog catalog;
  private final Optional<BackupKey> key;
  private final PipelineSettings settings;

  public BackupDownload(BackupCatalog catalog, Optional<BackupKey> key, PipelineSettings settings) {
    this.catalog = catalog;
    this.key = key;
    this.settings = settings;
  }

  public void run(Manifest m, StoredObject expected, OutputStream sink) throws IOException {
    InputStream raw;
    try {
      raw = catalog.store().get(catalog.objectKey(m.id(), expected.name()));
    } catch (ObjectNotFoundException e) {
      throw new BackupRefusedException("backup " + m.id() + " is missing its object " + expected.name() + " in "
          + catalog.store().location());
    }
    BoundedPipe pipe = new BoundedPipe(PIPE_CAPACITY, Streams.BUFFER, settings.stallTimeout());
    try (raw;
        ProducerThread decoder = ProducerThread.start("restore-decode-" + expected.name(), pipe, raw,
            settings.exitTimeout(), out -> decode(m, expected, raw, out))) {
      decoder.output().transferTo(sink);
    }
  }

  /** Writes the object's plain content to {@code out}, then refuses it if its digest differs. */
  private void decode(Manifest m, StoredObject expected, InputStream raw, OutputStream out) throws IOException {
    Sha256Counter counted = new Sha256Counter(raw);
    InputStream decoded = counted;
    try {
      try {
        decoded = ObjectCodec.decoder(counted, m.compression(), m.encryption(), key, "backup " + m.id());
        Streams.copy(decoded, out);
      } catch (IOException decodeFailure) {
        // A changed object usually breaks decoding first: say that it is corrupt, not how zstd choked.
        checkRest(m, expected, counted);
        throw decodeFailure;
      }
      checkRest(m, expected, counted);
    } finally {
      decoded.close();
    }
  }

  /** Reads what the decoder left (zstd may stop before the end) and refuses the object if its digest differs. */
  private void checkRest(Manifest m, StoredObject expected, Sha256Counter counted) throws IOException {
    counted.transferTo(OutputStream.nullOutputStream());
    catalog.checkObject(m.id(), expected, counted.result(expected.name()));
  }
}
