package dev.baton.backup.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.baton.backup.manifest.Compression;
import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stage of the upload failing: the backup fails with that stage's one message, and nothing is stored. */
class BackupUploadTest {
  static final ObjectKey TARGET = ObjectKey.of("c1", "full", "b1", "out.zst");
  static final int MB = 1024 * 1024;

  @TempDir
  Path dir;

  /** A source of compressible bytes that ends with {@code end} (an error, or nothing), and notes its close. */
  static final class FakeSource implements Source {
    final InputStream stream;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeSource(int bytes, InputStream end) {
      byte[] data = new byte[bytes];
      Random r = new Random(5);
      for (int i = 0; i < bytes; i++) {
        data[i] = (byte) ('a' + r.nextInt(4));
      }
      this.stream = new SequenceInputStream(new ByteArrayInputStream(data), end);
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public InputStream stream() {
      return stream;
    }

    @Override
    public void awaitSuccess(Duration timeout) {}

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** A store whose uploads break after a little data. */
  record BrokenStore(ObjectStore delegate) implements ObjectStore {
    @Override
    public long put(ObjectKey key, InputStream content) throws IOException {
      content.readNBytes(64 * 1024);
      throw new IOException("the bucket is gone");
    }

    @Override
    public InputStream get(ObjectKey key) throws IOException {
      return delegate.get(key);
    }

    @Override
    public List<ObjectKey> list(ObjectKey prefix) throws IOException {
      return delegate.list(prefix);
    }

    @Override
    public void delete(ObjectKey key) throws IOException {
      delegate.delete(key);
    }

    @Override
    public boolean exists(ObjectKey key) throws IOException {
      return delegate.exists(key);
    }

    @Override
    public String location() {
      return delegate.location();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  static InputStream failingWith(Exception e) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (e instanceof IOException io) {
          throw io;
        }
        throw (RuntimeException) e;
      }
    };
  }

  static boolean threadAlive(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
  }

  BackupUpload upload(ObjectStore store) {
    return new BackupUpload(store, Optional.empty(), PipelineSettings.DEFAULTS);
  }

  @Test
  void aLargeSourceIsStoredWhole() throws Exception {
    DirectoryObjectStore store = new DirectoryObjectStore(dir);
    FakeSource source = new FakeSource(24 * MB, InputStream.nullInputStream());
    BackupUpload.Result r = upload(store).run(source, TARGET);
    assertThat(r.sourceBytes()).isEqualTo(24 * MB);
    try (InputStream stored = store.get(TARGET)) {
      assertThat(Streams.copy(new ZstdInputStream(stored), OutputStream.nullOutputStream()))
          .isEqualTo(24L * MB);
    }
    assertThat(source.closed).isTrue();
  }

  @Test
  void aSourceReadErrorFailsTheBackupAndStoresNothing() throws IOException {
    DirectoryObjectStore store = new DirectoryObjectStore(dir);
    FakeSource source = new FakeSource(8 * MB, failingWith(new IOException("read error on /dev/sdb")));
    assertThatThrownBy(() -> upload(store).run(source, TARGET)).isInstanceOf(IOException.class)
        .hasMessage("backup of fake to " + TARGET + " failed: read error on /dev/sdb");
    assertThat(store.exists(TARGET)).isFalse();
    assertThat(store.list(ObjectKey.of("c1"))).isEmpty();
    assertThat(source.closed).isTrue();
    assertThat(threadAlive("backup-pump-")).isFalse();
  }

  @Test
  void aBugInAStageFailsTheBackupWithOneMessage() throws IOException {
    DirectoryObjectStore store = new DirectoryObjectStore(dir);
    FakeSource source = new FakeSource(MB, failingWith(new IllegalStateException("boom")));
    assertThatThrownBy(() -> upload(store).run(source, TARGET)).isInstanceOf(IOException.class)
        .hasMessage("backup of fake to " + TARGET + " failed: java.lang.IllegalStateException: boom");
    assertThat(store.exists(TARGET)).isFalse();
  }

  @Test
  void aFailingStoreStopsThePumpAndTheSource() {
    ObjectStore broken = new BrokenStore(new DirectoryObjectStore(dir));
    FakeSource source = new FakeSource(64 * MB, InputStream.nullInputStream());
    assertThatThrownBy(() -> upload(broken).run(source, TARGET)).isInstanceOf(IOException.class)
        .hasMessage("backup of fake to " + TARGET + " failed: the bucket is gone");
    assertThat(source.closed).isTrue();
    assertThat(threadAlive("backup-pump-")).isFalse();
  }

  @Test
  void aFastLevelStoresAStreamThatReadsBackTheSame() throws Exception {
    DirectoryObjectStore store = new DirectoryObjectStore(dir);
    byte[] content = new byte[3 * MB];
    new Random(7).nextBytes(content);
    Arrays.fill(content, MB, 2 * MB, (byte) 'x');
    PipelineSettings fast = new PipelineSettings(Compression.ZSTD, PipelineSettings.MIN_ZSTD_LEVEL, 2, Duration.ofSeconds(30),
        Duration.ofSeconds(30));
    new BackupUpload(store, Optional.empty(), fast).run(new FakeSource(0, new ByteArrayInputStream(content)), TARGET);
    try (InputStream stored = store.get(TARGET)) {
      assertThat(new ZstdInputStream(stored).readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void theLevelSettingIsChecked() {
    assertThatThrownBy(() -> new PipelineSettings(Compression.ZSTD, 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("zstdLevel must be -7 to -1 (zstd --fast) or 1 to 19, got 0");
    assertThatThrownBy(() -> new PipelineSettings(Compression.ZSTD, -8, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("got -8");
  }

  @Test
  void theWorkersSettingIsChecked() {
    assertThatThrownBy(() -> new PipelineSettings(Compression.ZSTD, 1, -1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("zstdWorkers must be 0-64, got -1");
  }
}
