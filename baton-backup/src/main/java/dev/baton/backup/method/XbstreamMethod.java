package dev.baton.backup.method;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.Source;
import dev.baton.backup.pipeline.ToolProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Physical hot backups by mariadb-backup (MariaDB) or Percona XtraBackup (MySQL/Percona): the
 * data directory as an xbstream, full or incremental. The stream carries its own position files;
 * copies land in a local --extra-lsndir too, so the manifest gets the LSNs and GTID without
 * unpacking, and an incremental needs only its parent's manifest (--incremental-lsn), not a local
 * copy of the parent.
 */
public final class XbstreamMethod implements BackupMethod {
  public static final String OBJECT = "backup.xbstream";
  /** Applying redo and incrementals reads and writes the whole data directory. */
  public static final Duration DEFAULT_PREPARE_TIMEOUT = Duration.ofHours(2);
  public static final Duration DEFAULT_UNPACK_EXIT_TIMEOUT = Duration.ofMinutes(5);

  private final BackupMethodName name;
  private final List<String> backupTool;
  private final List<String> streamTool;

  /**
   * @param backupTool the command that runs mariadb-backup or xtrabackup
   * @param streamTool the command that runs mbstream or xbstream
   */
  public XbstreamMethod(BackupMethodName name, List<String> backupTool, List<String> streamTool) {
    if (name != BackupMethodName.MARIADB_BACKUP && name != BackupMethodName.XTRABACKUP) {
      throw new IllegalArgumentException("xbstream methods are mariadb-backup and xtrabackup, not " + name);
    }
    this.name = name;
    this.backupTool = List.copyOf(backupTool);
    this.streamTool = List.copyOf(streamTool);
  }

  @Override
  public BackupMethodName name() {
    return name;
  }

  @Override
  public boolean supportsIncremental() {
    return true;
  }

  @Override
  public BackupRun start(LocalServer server, Optional<Manifest> parent, Path workDir) throws IOException {
    Path lsnDir = Files.createDirectories(workDir.resolve("lsn"));
    List<String> cmd = new ArrayList<>(backupTool);
    // --defaults-file must come first: it carries the account, kept out of the process list.
    cmd.add("--defaults-file=" + server.writeClientOptions(workDir));
    cmd.addAll(List.of("--backup", "--stream=xbstream", "--datadir=" + server.layout().dataDir(),
        "--target-dir=" + lsnDir, "--extra-lsndir=" + lsnDir));
    if (parent.isPresent()) {
      long from = parent.get().lsns().orElseThrow(() -> new IllegalArgumentException(
          "parent " + parent.get().id() + " records no LSNs: it cannot be the base of an incremental backup")).to();
      cmd.add("--incremental-lsn=" + from);
    }
    ToolProcess tool = ToolProcess.producer(name.id(), cmd);
    return new BackupRun() {
      @Override
      public String objectName() {
        return OBJECT;
      }

      @Override
      public Source source() {
        return tool;
      }

      @Override
      public ServerPosition position() throws IOException {
        return InfoFiles.read(lsnDir);
      }

      @Override
      public void close() {
        tool.close();
      }
    };
  }

  @Override
  public void restore(List<Manifest> chain, BackupDownload download, Path target, Path workDir)
      throws IOException, InterruptedException {
    List<Path> incrementals = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      Path dir = i == 0 ? target : Files.createDirectories(workDir.resolve("incremental-" + i));
      if (i > 0) {
        incrementals.add(dir);
      }
      unpack(chain.get(i), download, dir);
    }
    prepare(target, Optional.empty(), !incrementals.isEmpty());
    for (int i = 0; i < incrementals.size(); i++) {
      prepare(target, Optional.of(incrementals.get(i)), i < incrementals.size() - 1);
    }
  }

  private void unpack(Manifest m, BackupDownload download, Path dir) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(streamTool);
    cmd.addAll(List.of("-x", "-C", dir.toString()));
    try (ToolProcess unpacker = ToolProcess.consumer(streamTool.get(streamTool.size() - 1), cmd)) {
      try (OutputStream in = unpacker.stdin()) {
        for (StoredObject o : m.objects()) {
          download.run(m, o, in);
        }
      } catch (IOException e) {
        throw new IOException("unpacking " + m.id() + " failed: " + e.getMessage() + " (" + unpacker.tail() + ")", e);
      }
      unpacker.awaitSuccess(DEFAULT_UNPACK_EXIT_TIMEOUT);
    }
  }

  /**
   * XtraBackup must not roll back uncommitted transactions while more incrementals follow
   * (--apply-log-only); mariadb-backup handles that itself.
   */
  private void prepare(Path target, Optional<Path> incremental, boolean moreToApply)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(backupTool);
    cmd.addAll(List.of("--prepare", "--target-dir=" + target));
    incremental.ifPresent(dir -> cmd.add("--incremental-dir=" + dir));
    if (moreToApply && name == BackupMethodName.XTRABACKUP) {
      cmd.add("--apply-log-only");
    }
    try (ToolProcess p = ToolProcess.consumer(name.id() + " --prepare", cmd)) {
      p.stdin().close();
      p.awaitSuccess(DEFAULT_PREPARE_TIMEOUT);
    }
  }
}
