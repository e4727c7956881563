package dev.baton.backup.pitr;

import dev.baton.backup.Backups;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.BackupMethods;
import dev.baton.backup.method.Directories;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proves a backup restores: checks every object's SHA-256, restores the chain into a scratch
 * directory, starts a server on it and runs CHECK TABLE on every table outside the system
 * schemas. A logical dump is checked as far as its SQL file; loading it is a restore of its own.
 */
public final class BackupVerifier {
  private static final String TABLES = "SELECT CONCAT('`', REPLACE(TABLE_SCHEMA, '`', '``'), '`.`',"
      + " REPLACE(TABLE_NAME, '`', '``'), '`') FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
      + " AND TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')";

  private final Backups backups;
  private final ServerDistribution dist;
  private final Map<String, String> env;

  public BackupVerifier(Backups backups, ServerDistribution dist, Map<String, String> env) {
    this.backups = backups;
    this.dist = dist;
    this.env = Map.copyOf(env);
  }

  /** @param tablesChecked empty for a logical dump, which is not loaded */
  public record Result(List<Manifest> chain, long objectsChecked, Optional<Integer> tablesChecked) {}

  public Result verify(BackupId id, String rootPassword, Path workDir) throws IOException, InterruptedException {
    List<Manifest> chain = backups.verify(id);
    long objects = chain.stream().mapToLong(m -> m.objects().size()).sum();
    Manifest tip = chain.get(chain.size() - 1);
    Path scratch = Files.createDirectories(workDir.resolve("verify-" + id));
    try {
      InstanceLayout layout = new InstanceLayout(scratch.resolve("instance"));
      backups.restore(id, new BackupMethods(dist, env).named(tip.method()), layout.dataDir(), scratch.resolve("work"));
      if (tip.method() == BackupMethodName.LOGICAL) {
        return new Result(chain, objects, Optional.empty());
      }
      Files.createDirectories(scratch.resolve("client"));
      try (RestoredServer server = RestoredServer.start(dist, layout, Optional.empty(), rootPassword,
          scratch.resolve("client"))) {
        List<String> tables = server.sql(List.of(TABLES)).lines().filter(l -> !l.isBlank()).toList();
        List<String> problems = new ArrayList<>();
        if (!tables.isEmpty()) {
          for (String row : server.sql(List.of("CHECK TABLE " + String.join(", ", tables))).lines().toList()) {
            String[] c = row.split("\t", -1);
            if (c.length >= 4 && (c[2].equalsIgnoreCase("error") || (c[2].equalsIgnoreCase("status")
                && !c[3].equalsIgnoreCase("OK")))) {
              problems.add(c[0] + ": " + c[3]);
            }
          }
        }
        if (!problems.isEmpty()) {
          throw new BackupRefusedException("backup " + id + " restores, but CHECK TABLE finds problems: "
              + String.join("; ", problems));
        }
        return new Result(chain, objects, Optional.of(tables.size()));
      }
    } finally {
      Directories.deleteTree(scratch);
    }
  }
}
