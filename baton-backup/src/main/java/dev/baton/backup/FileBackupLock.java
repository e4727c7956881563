package dev.baton.backup;

import dev.baton.backup.manifest.BackupRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link BackupLock} as an OS file lock: released by the kernel when its process dies, so a
 * crashed backup never leaves the cluster locked. The file names the holder for the refusal.
 */
public final class FileBackupLock implements BackupLock {
  private final Path file;

  public FileBackupLock(Path file) {
    this.file = file;
  }

  @Override
  public Held acquire(String holder) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      String who = Files.readString(file).strip();
      throw new BackupRefusedException("another backup of this cluster is running (" + (who.isEmpty() ? "unknown" : who)
          + "): wait for it to finish");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((holder + ", pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    return () -> {
      lock.release();
      ch.close();
    };
  }
}
