package dev.baton.cli;

import dev.baton.agent.local.ClusterDirectory;
import dev.baton.backup.Backups;
import dev.baton.backup.binlog.ArchiverSettings;
import dev.baton.backup.binlog.BinlogArchive;
import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.pipeline.BackupKey;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.backup.store.ObjectStore;
import dev.baton.backup.store.S3ObjectStore;
import dev.baton.backup.store.S3Settings;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.credentials.Credentials;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the backup commands and the archiver daemon share: the cluster, its credentials and
 * servers, and where its backups are. The store is a directory ({@code DIR/backups} unless told
 * otherwise) or an S3 bucket, chosen by {@code --store} or {@value #ENV_STORE}; S3 is reached with
 * {@value #ENV_S3_ENDPOINT} / {@value #ENV_S3_REGION} and the AWS SDK's usual credentials (the
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, a profile, an instance role). Backups and
 * binlogs are encrypted when {@value #ENV_KEY_FILE} names a file holding a base64 AES-256 key;
 * backups are stored uncompressed when {@value #ENV_COMPRESSION} is {@code none}.
 */
record BackupContext(ClusterDirectory dir, ClusterSpec spec, Credentials credentials, ServerDistribution dist,
    ObjectStore store, Optional<BackupKey> key, PipelineSettings pipeline) implements AutoCloseable {
  static final String ENV_STORE = "BATON_BACKUP_STORE";
  static final String ENV_S3_ENDPOINT = "BATON_S3_ENDPOINT";
  static final String ENV_S3_REGION = "BATON_S3_REGION";
  static final String ENV_KEY_FILE = "BATON_BACKUP_KEY_FILE";
  static final String ENV_COMPRESSION = "BATON_BACKUP_COMPRESSION";
  static final String S3_SCHEME = "s3://";

  static BackupContext open(ClusterDirectory dir, Optional<String> storeOption, Map<String, String> env)
      throws IOException {
    ClusterSpec spec = dir.loadSpec();
    Credentials credentials = dir.credentials().load();
    ServerDistribution dist = new ServerDistributions(env).locate(spec.flavor());
    String where = storeOption.or(() -> Optional.ofNullable(env.get(ENV_STORE)).filter(s -> !s.isBlank()))
        .orElse(dir.backupStore().toString());
    return new BackupContext(dir, spec, credentials, dist, store(where, env), key(env), pipeline(env));
  }

  static PipelineSettings pipeline(Map<String, String> env) {
    String name = env.getOrDefault(ENV_COMPRESSION, "").strip();
    if (name.isEmpty()) {
      return PipelineSettings.DEFAULTS;
    }
    try {
      return PipelineSettings.DEFAULTS.withCompression(Compression.parse(name));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(ENV_COMPRESSION + "=" + name + ": " + e.getMessage());
    }
  }

  private static ObjectStore store(String where, Map<String, String> env) {
    if (!where.startsWith(S3_SCHEME)) {
      return new DirectoryObjectStore(Path.of(where));
    }
    String bucket = where.substring(S3_SCHEME.length()).replaceAll("/+$", "");
    if (bucket.isEmpty() || bucket.contains("/")) {
      throw new InvalidSettingException("backup store '" + where + "': write an S3 store as s3://BUCKET (no prefix)");
    }
    S3Settings s = new S3Settings(bucket, env.getOrDefault(ENV_S3_REGION, S3Settings.DEFAULT_REGION),
        Optional.ofNullable(env.get(ENV_S3_ENDPOINT)).map(URI::create), Optional.empty(), S3Settings.DEFAULT_PART_SIZE,
        S3Settings.DEFAULT_PARALLEL_PARTS);
    return new S3ObjectStore(s);
  }

  private static Optional<BackupKey> key(Map<String, String> env) throws IOException {
    Optional<Path> file = Optional.ofNullable(env.get(ENV_KEY_FILE)).filter(s -> !s.isBlank()).map(Path::of);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file.get());
    if (!PosixFilePermissions.fromString("rw-------").containsAll(perms)) {
      throw new InvalidSettingException(ENV_KEY_FILE + "=" + file.get() + " can be read by others: chmod 600 it");
    }
    try {
      return Optional.of(new BackupKey(Base64.getDecoder().decode(Files.readString(file.get()).strip())));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(ENV_KEY_FILE + "=" + file.get() + " must hold a base64 AES-256 key (32 bytes),"
          + " e.g. from 'head -c 32 /dev/urandom | base64'");
    }
  }

  BackupCatalog catalog() {
    return new BackupCatalog(store, spec.name());
  }

  BinlogArchive archive() {
    return new BinlogArchive(store, spec.name(), key, ArchiverSettings.DEFAULT_ZSTD_LEVEL);
  }

  Backups backups() {
    return new Backups(catalog(), key, pipeline, Clock.systemUTC());
  }

  /** The cluster directory's scratch space, private to its owner. */
  Path workDir() throws IOException {
    if (!Files.isDirectory(dir.workDir())) {
      Files.createDirectories(dir.workDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir.workDir();
  }

  @Override
  public void close() {
    store.close();
  }
}
