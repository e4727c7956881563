package dev.baton.backup.method;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.Source;
import dev.baton.backup.pipeline.ToolProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * MySQL's CLONE plugin, when XtraBackup is not installed: {@code CLONE LOCAL DATA DIRECTORY}
 * writes a consistent copy of the data directory (InnoDB only, full only), which is then streamed
 * as a tar and deleted. The copy is made on the server's own disk, in its tmpdir, because the
 * server process writes it; that needs free space for one copy. A restored copy starts as is: no
 * prepare step.
 */
public final class CloneMethod implements BackupMethod {
  public static final String OBJECT = "backup.tar";
  public static final Duration DEFAULT_CLONE_TIMEOUT = Duration.ofHours(4);
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_UNPACK_EXIT_TIMEOUT = Duration.ofMinutes(5);

  @Override
  public BackupMethodName name() {
    return BackupMethodName.CLONE;
  }

  @Override
  public boolean supportsIncremental() {
    return false;
  }

  @Override
  public BackupRun start(LocalServer server, Optional<Manifest> parent, Path workDir)
      throws IOException, InterruptedException {
    if (parent.isPresent()) {
      throw new BackupRefusedException("CLONE takes full backups only; use xtrabackup for incremental ones");
    }
    ClientSql sql = new ClientSql(server, server.writeClientOptions(workDir));
    String[] row = sql.run(List.of("SELECT (SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'clone'"
        + " AND PLUGIN_STATUS = 'ACTIVE'), @@version, @@GLOBAL.gtid_executed"), DEFAULT_QUERY_TIMEOUT)
        .replace("\\n", "").split("\t", -1);
    if (!"1".equals(row[0])) {
      throw new BackupRefusedException("the clone plugin is not active on " + server.describe()
          + ": run INSTALL PLUGIN clone SONAME 'mysql_clone.so' there, or install xtrabackup");
    }
    // Read before the clone starts: every transaction in this set is in the copy (later ones may be too).
    ServerPosition position = new ServerPosition(row[1], row[2], Optional.empty());
    Path copy = server.layout().tmpDir().resolve("baton-clone-" + UUID.randomUUID());
    try {
      sql.run(List.of("CLONE LOCAL DATA DIRECTORY = '" + copy + "'"), DEFAULT_CLONE_TIMEOUT);
      ToolProcess tar = ToolProcess.producer("tar", List.of("tar", "-C", copy.toString(), "-cf", "-", "."));
      return new CloneRun(tar, copy, position);
    } catch (IOException | RuntimeException e) {
      Directories.deleteTree(copy);
      throw e;
    }
  }

  @Override
  public void restore(List<Manifest> chain, BackupDownload download, Path target, Path workDir)
      throws IOException, InterruptedException {
    if (chain.size() != 1) {
      throw new BackupRefusedException("a CLONE backup has no incrementals, but the chain has " + chain.size() + " links");
    }
    Manifest m = chain.get(0);
    try (ToolProcess untar = ToolProcess.consumer("tar", List.of("tar", "-x", "-C", target.toString()))) {
      try (OutputStream in = untar.stdin()) {
        for (StoredObject o : m.objects()) {
          download.run(m, o, in);
        }
      } catch (IOException e) {
        throw new IOException("unpacking " + m.id() + " failed: " + e.getMessage() + " (" + untar.tail() + ")", e);
      }
      untar.awaitSuccess(DEFAULT_UNPACK_EXIT_TIMEOUT);
    }
  }

  private record CloneRun(ToolProcess tar, Path copy, ServerPosition position) implements BackupRun {
    @Override
    public String objectName() {
      return OBJECT;
    }

    @Override
    public Source source() {
      return tar;
    }

    @Override
    public void close() {
      tar.close();
      Directories.deleteTree(copy);
    }
  }
}
