package dev.baton.backup.method;

import dev.baton.backup.manifest.LsnRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the "key = value" files an xbstream tool leaves in its --extra-lsndir. XtraBackup and
 * MariaDB up to 10.11 name them xtrabackup_checkpoints and xtrabackup_info; newer MariaDB names
 * them mariadb_backup_checkpoints and mariadb_backup_info. Both are read.
 */
final class InfoFiles {
  static final List<String> CHECKPOINTS = List.of("mariadb_backup_checkpoints", "xtrabackup_checkpoints");
  static final List<String> INFO = List.of("mariadb_backup_info", "xtrabackup_info");
  /** binlog_pos = filename 'binlog.000001', position '848', GTID of the last change '0-1-3' */
  private static final Pattern GTID = Pattern.compile("GTID of the last change '([^']*)'");

  private InfoFiles() {}

  static ServerPosition read(Path dir) throws IOException {
    Map<String, String> checkpoints = keyValues(dir, CHECKPOINTS);
    Map<String, String> info = keyValues(dir, INFO);
    LsnRange lsns = new LsnRange(lsn(checkpoints, "from_lsn", dir), lsn(checkpoints, "to_lsn", dir));
    Matcher m = GTID.matcher(info.getOrDefault("binlog_pos", ""));
    String gtid = m.find() ? m.group(1) : "";
    return new ServerPosition(info.getOrDefault("server_version", ""), gtid, Optional.of(lsns));
  }

  private static long lsn(Map<String, String> checkpoints, String key, Path dir) throws IOException {
    try {
      return Long.parseLong(checkpoints.getOrDefault(key, ""));
    } catch (NumberFormatException e) {
      throw new IOException("no " + key + " in the checkpoints file in " + dir);
    }
  }

  private static Map<String, String> keyValues(Path dir, List<String> names) throws IOException {
    for (String name : names) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
          }
        }
        return values;
      }
    }
    throw new IOException("none of " + names + " in " + dir + ": the backup tool did not record its position");
  }
}
