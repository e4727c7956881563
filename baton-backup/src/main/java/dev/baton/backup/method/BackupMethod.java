package dev.baton.backup.method;

import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.pipeline.BackupDownload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A way to take and restore backups of one flavor: mariadb-backup, xtrabackup, CLONE or a logical dump. */
public interface BackupMethod {
  BackupMethodName name();

  boolean supportsIncremental();

  /**
   * Starts a backup of {@code server}; an incremental one builds on {@code parent}.
   *
   * @param workDir a private directory for the method's temporary files
   */
  BackupRun start(LocalServer server, Optional<Manifest> parent, Path workDir) throws IOException, InterruptedException;

  /**
   * Unpacks a chain (its full backup first) into the empty directory {@code target} and prepares
   * it, so that a server of the same flavor starts on it as its data directory (or, for a
   * logical dump, so that it holds the SQL to load).
   */
  void restore(List<Manifest> chain, BackupDownload download, Path target, Path workDir)
      throws IOException, InterruptedException;
}
