package dev.baton.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.manifest.BackupCatalog;
import dev.baton.backup.manifest.BackupId;
import dev.baton.backup.manifest.BackupKind;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.CatalogEntry;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.manifest.Encryption;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.BackupKey;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline end to end with real processes and a directory store, no database server. */
class BackupsPipelineTest {
  static final LocalServer NO_SERVER = new LocalServer(new ServerDistribution(Flavor.MARIADB, List.of(),
      Path.of("/bin/false"), Path.of("/bin/false"), Optional.empty(), Map.of()), new InstanceLayout(Path.of("/nonexistent")),
      "root", "");
  static final String NUMBERS = "seq 1 200000";

  @TempDir
  Path dir;
  DirectoryObjectStore store;
  BackupCatalog catalog;
  Clock clock = Clock.fixed(Instant.parse("2026-11-26T09:30:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() {
    store = new DirectoryObjectStore(dir.resolve("store"));
    catalog = new BackupCatalog(store, "c1");
  }

  Backups backups(Optional<BackupKey> key) {
    return new Backups(catalog, key, PipelineSettings.DEFAULTS, clock);
  }

  static String numbers() {
    return IntStream.rangeClosed(1, 200000).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void aSourceStreamsCompressedAndRestoresByteForByte() throws Exception {
    Manifest m = backups(Optional.empty()).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir.resolve("work"));
    assertThat(m.id()).hasToString("20261126T093000Z-full");
    assertThat(m.sourceBytes()).isEqualTo(numbers().length());
    assertThat(m.storedBytes()).isLessThan(m.sourceBytes() / 2);
    assertThat(catalog.list()).containsExactly(new CatalogEntry(m.id(), true, Optional.of(m)));
    backups(Optional.empty()).restore(m.id(), new ShellMethod(NUMBERS), dir.resolve("target"), dir.resolve("work"));
    assertThat(Files.readString(dir.resolve("target").resolve(ShellMethod.RESTORED))).isEqualTo(numbers());
    assertThat(dir.resolve("work")).isEmptyDirectory();
  }

  @Test
  void anUncompressedBackupStoresTheToolsBytesAsTheyCameAndRestoresThem() throws Exception {
    Backups plain = new Backups(catalog, Optional.empty(), PipelineSettings.DEFAULTS.withCompression(Compression.NONE),
        clock);
    Manifest m = plain.take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir.resolve("work"));
    assertThat(m.compression()).isEqualTo(Compression.NONE);
    assertThat(m.objects()).singleElement().satisfies(o -> {
      assertThat(o.name()).isEqualTo("out");
      assertThat(o.size()).isEqualTo(numbers().length());
    });
    backups(Optional.empty()).restore(m.id(), new ShellMethod(NUMBERS), dir.resolve("target"), dir.resolve("work"));
    assertThat(Files.readString(dir.resolve("target").resolve(ShellMethod.RESTORED))).isEqualTo(numbers());
  }

  /** Tens of MiB, so that zstd's workers compress several jobs and the decode thread hands over many chunks. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aLargeSourceRestoresByteForByteThroughTheParallelStages(boolean encrypted) throws Exception {
    byte[] data = new byte[40 * 1024 * 1024 + 12345];
    Random r = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 4096 < 2048 ? r.nextInt() : 'a' + i % 7);
    }
    Path source = Files.write(dir.resolve("source"), data);
    Optional<BackupKey> key = encrypted ? Optional.of(new BackupKey(new byte[BackupKey.LENGTH])) : Optional.empty();
    ShellMethod cat = new ShellMethod("cat " + source);
    Manifest m = backups(key).take(cat, NO_SERVER, BackupKind.FULL, dir.resolve("work"));
    assertThat(m.sourceBytes()).isEqualTo(data.length);
    backups(key).restore(m.id(), cat, dir.resolve("target"), dir.resolve("work"));
    assertThat(Files.readAllBytes(dir.resolve("target").resolve(ShellMethod.RESTORED))).isEqualTo(data);
  }

  @Test
  void aSinkThatFailsEndsTheDownloadWithItsErrorAndStopsTheDecoder() throws Exception {
    Manifest m = backups(Optional.empty()).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir);
    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    BackupDownload download = new BackupDownload(catalog, Optional.empty(), PipelineSettings.DEFAULTS);
    assertThatThrownBy(() -> download.run(m, m.objects().get(0), full)).isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("restore-decode-") && t.isAlive());
  }

  @Test
  void anEncryptedBackupNeedsItsKey() throws Exception {
    BackupKey key = new BackupKey("0123456789abcdef0123456789abcdef".getBytes());
    Manifest m = backups(Optional.of(key)).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir);
    assertThat(m.encryption()).isEqualTo(Encryption.AES_256_GCM);
    assertThatThrownBy(() -> backups(Optional.empty()).restore(m.id(), new ShellMethod(NUMBERS), dir.resolve("t1"), dir))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("is encrypted (aes-256-gcm): give its key");
    assertThat(dir.resolve("t1")).isEmptyDirectory();
    backups(Optional.of(key)).restore(m.id(), new ShellMethod(NUMBERS), dir.resolve("t2"), dir);
    assertThat(Files.readString(dir.resolve("t2").resolve(ShellMethod.RESTORED))).isEqualTo(numbers());
  }

  @Test
  void aFailingSourceLeavesNoCompletionMarkerAndSaysWhy() throws IOException {
    ShellMethod failing = new ShellMethod(NUMBERS + "; echo 'disk full' >&2; exit 1");
    assertThatThrownBy(() -> backups(Optional.empty()).take(failing, NO_SERVER, BackupKind.FULL, dir))
        .isInstanceOf(IOException.class)
        .hasMessage("backup of sh to c1/full/20261126T093000Z-full/out.zst failed: sh exited with status 1: disk full");
    BackupId id = BackupId.parse("20261126T093000Z-full");
    assertThat(store.exists(catalog.objectKey(id, BackupCatalog.COMPLETE))).isFalse();
    assertThat(store.exists(catalog.objectKey(id, "out.zst"))).isFalse();
  }

  @Test
  void anInterruptedBackupIsNeverMarkedComplete() throws Exception {
    ShellMethod slow = new ShellMethod(NUMBERS + "; sleep 60");
    CompletableFuture<Manifest> running = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        running.complete(backups(Optional.empty()).take(slow, NO_SERVER, BackupKind.FULL, dir.resolve("work")));
      } catch (Throwable e) {
        running.completeExceptionally(e);
      }
    });
    t.start();
    Thread.sleep(1000);
    t.interrupt();
    assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("interrupted");
    assertThat(catalog.list()).isEmpty();
    assertThat(dir.resolve("work")).isEmptyDirectory();
  }

  @Test
  void aStalledSourceIsGivenUpOnAfterTheStallTimeout() {
    Backups impatient = new Backups(catalog, Optional.empty(),
        new PipelineSettings(Compression.ZSTD, PipelineSettings.DEFAULT_ZSTD_LEVEL, PipelineSettings.DEFAULT_ZSTD_WORKERS,
            Duration.ofMillis(500), Duration.ofSeconds(5)), clock);
    assertThatThrownBy(() -> impatient.take(new ShellMethod("sleep 30"), NO_SERVER, BackupKind.FULL, dir))
        .hasMessageContaining("stalled: no data for PT0.5S");
  }

  @Test
  void aCorruptedObjectIsRefusedOnRestoreAndTheTargetIsLeftEmpty() throws Exception {
    Manifest m = backups(Optional.empty()).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir);
    Path object = dir.resolve("store").resolve(catalog.objectKey(m.id(), "out.zst").value());
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(object, bytes);
    assertThatThrownBy(() -> backups(Optional.empty()).verify(m.id())).isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("out.zst is corrupt");
    Path target = dir.resolve("target");
    assertThatThrownBy(() -> backups(Optional.empty()).restore(m.id(), new ShellMethod(NUMBERS), target, dir))
        .isInstanceOf(BackupRefusedException.class).hasMessageContaining("out.zst is corrupt");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void aNonEmptyTargetIsRefusedAndLeftAlone() throws Exception {
    Manifest m = backups(Optional.empty()).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.FULL, dir);
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("precious"), "keep me");
    assertThatThrownBy(() -> backups(Optional.empty()).restore(m.id(), new ShellMethod(NUMBERS), target, dir))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessage("restore target " + target + " is not empty: give an empty or new directory");
    assertThat(Files.readString(target.resolve("precious"))).isEqualTo("keep me");
  }

  @Test
  void anIncrementalIsRefusedByAFullOnlyMethod() {
    assertThatThrownBy(() -> backups(Optional.empty()).take(new ShellMethod(NUMBERS), NO_SERVER, BackupKind.INCREMENTAL, dir))
        .isInstanceOf(BackupRefusedException.class).hasMessage("the logical method takes full backups only");
  }
}
