package dev.baton.backup;

import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupRun;
import dev.baton.backup.method.Directories;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.method.ServerPosition;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.BackupKey;
import dev.baton.backup.pipeline.BackupUpload;
import dev.baton.backup.pipeline.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, lists, verifies and restores one cluster's backups. A backup's stream is stored first,
 * its manifest next, and its completion marker last, only after every tool exited cleanly; a
 * restore refuses anything incomplete, corrupt or broken before it writes, and writes only into
 * an empty directory, which it empties again if the restore fails.
 */
public final class Backups {
  private static final Logger log = LoggerFactory.getLogger(Backups.class);

  private final BackupCatalog catalog;
  private final Optional<BackupKey> key;
  private final PipelineSettings settings;
  private final Clock clock;

  public Backups(BackupCatalog catalog, Optional<BackupKey> key, PipelineSettings settings, Clock clock) {
    this.catalog = catalog;
    this.key = key;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Takes a backup of {@code server}. An incremental one builds on the newest complete backup of
   * the same method.
   *
   * @param workDir a directory for temporary files, emptied afterwards
   */
  public Manifest take(BackupMethod method, LocalServer server, BackupKind kind, Path workDir)
      throws IOException, InterruptedException {
    Instant started = clock.instant();
    BackupId id = new BackupId(started, kind);
    Optional<Manifest> parent = kind == BackupKind.INCREMENTAL ? Optional.of(parentFor(method, id)) : Optional.empty();
    catalog.checkUnused(id);
    Path work = Files.createDirectories(workDir.resolve(id.toString()));
    try (BackupRun run = method.start(server, parent, work)) {
      BackupUpload.Result stored = new BackupUpload(catalog.store(), key, settings)
          .run(run.source(), catalog.objectKey(id, run.objectName() + settings.compression().suffix()));
      ServerPosition position = run.position();
      Manifest m = new Manifest(Manifest.FORMAT, catalog.cluster(), id, parent.map(Manifest::id), method.name(),
          server.dist().flavor(), position.serverVersion(), server.describe(), started, clock.instant(),
          position.gtidSet(), position.lsns(), settings.compression(), key.isPresent() ? Encryption.AES_256_GCM : Encryption.NONE,
          stored.sourceBytes(), List.of(stored.object()));
      catalog.complete(m);
      log.info("backup {} of {} complete: {} bytes from {}, {} stored", id, catalog.cluster(), m.sourceBytes(),
          method.name(), m.storedBytes());
      return m;
    } finally {
      Directories.deleteTree(work);
    }
  }

  public List<CatalogEntry> list() throws IOException {
    return catalog.list();
  }

  /** Reads every object of the backup's chain and checks it; returns the chain, full backup first. */
  public List<Manifest> verify(BackupId id) throws IOException {
    return catalog.verify(id);
  }

  /**
   * Restores a backup (with its chain) into {@code target}, which must be empty or absent.
   *
   * @param workDir a directory for unpacked incrementals, emptied afterwards
   */
  public List<Manifest> restore(BackupId id, BackupMethod method, Path target, Path workDir)
      throws IOException, InterruptedException {
    if (!Directories.isAbsentOrEmpty(target)) {
      throw new BackupRefusedException("restore target " + target + " is not empty: give an empty or new directory");
    }
    List<Manifest> chain = catalog.chain(id);
    for (Manifest m : chain) {
      if (m.method() != method.name()) {
        throw new BackupRefusedException("backup " + m.id() + " was made by " + m.method() + ", not " + method.name());
      }
      for (StoredObject o : m.objects()) {
        if (!catalog.store().exists(catalog.objectKey(m.id(), o.name()))) {
          throw new BackupRefusedException("backup " + m.id() + " is missing its object " + o.name() + " in "
              + catalog.store().location());
        }
      }
    }
    Files.createDirectories(target);
    Path work = Files.createDirectories(workDir.resolve("restore-" + id));
    boolean restored = false;
    try {
      method.restore(chain, new BackupDownload(catalog, key, settings), target, work);
      restored = true;
      return chain;
    } finally {
      Directories.deleteTree(work);
      if (!restored) {
        Directories.deleteBelow(target);
      }
    }
  }

  private Manifest parentFor(BackupMethod method, BackupId id) throws IOException {
    if (!method.supportsIncremental()) {
      throw new BackupRefusedException("the " + method.name() + " method takes full backups only");
    }
    return catalog.list().stream()
        .filter(CatalogEntry::complete)
        .flatMap(e -> e.manifest().stream())
        .filter(m -> m.method() == method.name() && m.lsns().isPresent())
        .reduce((a, b) -> b)
        .orElseThrow(() -> new BackupRefusedException("no complete " + method.name() + " backup of "
            + catalog.cluster() + " to base incremental " + id + " on: take a full backup first"));
  }
}
