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
 * its SHA-256 against the manifest. A sink receives bytes before the digest is known, so callers
 * unpack only into a place they can wipe when this refuses the object.
 */
public final class BackupDownload {
  private final BackupCatalog catalog;
  private final Optional<BackupKey> key;

  public BackupDownload(BackupCatalog catalog, Optional<BackupKey> key) {
    this.catalog = catalog;
    this.key = key;
  }

  public void run(Manifest m, StoredObject expected, OutputStream sink) throws IOException {
    InputStream raw;
    try {
      raw = catalog.store().get(catalog.objectKey(m.id(), expected.name()));
    } catch (ObjectNotFoundException e) {
      throw new BackupRefusedException("backup " + m.id() + " is missing its object " + expected.name() + " in "
          + catalog.store().location());
    }
    Sha256Counter counted = new Sha256Counter(raw);
    InputStream decoded = counted;
    try {
      try {
        decoded = ObjectCodec.decoder(counted, m.encryption(), key, "backup " + m.id());
        decoded.transferTo(sink);
      } catch (IOException decodeOrSinkFailure) {
        checkRest(m, expected, counted);
        throw decodeOrSinkFailure;
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
