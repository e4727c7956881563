package dev.baton.cli;

import dev.baton.backup.BackupSchedule;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchiver;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.retention.Retention;
import dev.baton.backup.retention.RetentionPlanner;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.credentials.DbUser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The archiver daemon of a local cluster, started by {@code baton up} beside the router: a
 * process of its own, so that it outlives any one node (it follows the primary wherever the
 * agents move it) and its streaming and uploads never share a JVM with the failover controller.
 * It also takes the scheduled backups (full weekly, incremental daily, from a replica) and
 * applies retention; the first check waits {@link #SCHEDULE_START_DELAY}, so a cluster brought up
 * for a few minutes is not backed up at once.
 */
@Command(name = "archiver", hidden = true,
    description = "Run the binlog archiver and backup schedule of a local cluster in the foreground (baton up starts it).")
final class ArchiverCommand implements Callable<Integer> {
  public static final Duration SCHEDULE_START_DELAY = Duration.ofMinutes(10);
  public static final Duration SCHEDULE_CHECK_INTERVAL = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(ArchiverCommand.class);

  @Mixin ClusterDirOption dir;

  @Override
  public Integer call() throws Exception {
    var d = dir.directory();
    try (FileChannel ch = FileChannel.open(d.archiverLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        BackupContext c = BackupContext.open(d, Optional.empty(), System.getenv())) {
      if (lock == null) {
        throw new ClusterStateException("another archiver runs for " + d.root() + " (" + d.archiverLock() + " is locked)");
      }
      BinlogArchiver archiver = new BinlogArchiver(c.archive(), c.dist(),
          () -> d.loadTopology().orElseThrow(() -> new IOException(d.topologyFile() + " is missing")).primary(),
          new BinlogArchiver.StreamAccount(DbUser.REPLICATION.userName(), c.credentials().password(DbUser.REPLICATION),
              DbUser.BACKUP.userName(), c.credentials().password(DbUser.BACKUP)),
          c.workDir().resolve("archiver"), ArchiverSettings.DEFAULTS, Clock.systemUTC()).start();
      Thread schedule = new Thread(() -> schedule(c), "backup-schedule");
      schedule.setDaemon(true);
      schedule.start();
      log.info("archiving binlogs of {} into {}", c.spec().name(), c.store().location());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        schedule.interrupt();
        archiver.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
      return 0;
    }
  }

  /** Takes the backups that are due and prunes, until interrupted; a failure is logged and retried at the next check. */
  private void schedule(BackupContext c) {
    try {
      Thread.sleep(SCHEDULE_START_DELAY.toMillis());
      while (!Thread.currentThread().isInterrupted()) {
        try {
          boolean incrementals = new BackupMethods(c.dist(), System.getenv()).preferred().supportsIncremental();
          Optional<BackupKind> due = BackupSchedule.DEFAULTS.due(c.catalog().list(), Instant.now(), incrementals);
          if (due.isPresent()) {
            var m = BackupCommand.Run.take(c, BackupCommand.Run.source(c, Optional.empty()), due.get(), "backup schedule");
            log.info("scheduled {} backup {} complete", due.get(), m.id());
            new Retention(c.catalog(), c.archive()).apply(c.spec().flavor(), Instant.now(),
                RetentionPlanner.DEFAULT_RETENTION_WEEKS, false);
          }
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          log.warn("scheduled backup failed, retrying in {}: {}", SCHEDULE_CHECK_INTERVAL, e.getMessage());
        }
        Thread.sleep(SCHEDULE_CHECK_INTERVAL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
