package dev.baton.backup.pitr;

import dev.baton.backup.binlog.BinlogTool;
import dev.baton.backup.binlog.GtidState;
import dev.baton.backup.pipeline.ToolProcess;
import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays binlog files into a restored server: the binlog tool's SQL piped into the server's own
 * client. What the restored data already holds is skipped by the tool itself: on MySQL every
 * transaction in the server's gtid_executed (--exclude-gtids), on MariaDB everything up to the
 * backup's GTID position (--start-position).
 */
final class BinlogReplay {
  /** Replay speed is the server's; a long window of heavy writes takes long. */
  static final Duration DEFAULT_REPLAY_TIMEOUT = Duration.ofHours(6);
  static final Duration DEFAULT_EXIT_TIMEOUT = Duration.ofMinutes(2);

  private BinlogReplay() {}

  /** @param skip what the restored data holds: MySQL's gtid_executed of the server, MariaDB's backup position */
  static void run(RestoredServer server, List<Path> files, GtidState skip) throws IOException, InterruptedException {
    if (files.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>();
    if (!skip.isEmpty()) {
      args.add(server.dist().flavor() == Flavor.MYSQL ? "--exclude-gtids=" + skip.oneLine()
          : "--start-position=" + skip.oneLine());
    }
    files.forEach(f -> args.add(f.toString()));
    Path options = server.clientOptions();
    try (ToolProcess tool = ToolProcess.producer("binlog tool", BinlogTool.command(server.dist(), args));
        ToolProcess client = ToolProcess.consumer("client", server.dist().clientCommand("--defaults-file=" + options,
            "--binary-mode", "--max-allowed-packet=1G"))) {
      // The pipe blocks while the server applies: a watchdog bounds the whole replay.
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(DEFAULT_REPLAY_TIMEOUT.toMillis());
          tool.close();
          client.close();
        } catch (InterruptedException finished) {
          // The replay ended in time.
        }
      }, "replay-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      try (InputStream sql = tool.stream(); OutputStream in = client.stdin()) {
        sql.transferTo(in);
      } catch (IOException e) {
        throw new IOException("replaying binlogs into " + server.layout().dir() + " failed: " + e.getMessage() + " ("
            + client.tail() + ")", e);
      } finally {
        watchdog.interrupt();
      }
      tool.awaitSuccess(DEFAULT_EXIT_TIMEOUT);
      client.awaitSuccess(DEFAULT_REPLAY_TIMEOUT);
    } finally {
      Files.deleteIfExists(options);
    }
  }
}
