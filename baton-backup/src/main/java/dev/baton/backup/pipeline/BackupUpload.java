package dev.baton.backup.pipeline;

import dev.baton.backup.manifest.Sha256Sink;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a source into the store: tool output → zstd → AES-GCM (when a key is given) → SHA-256
 * and size → {@link ObjectStore#put}. A pump thread reads the tool and feeds zstd, whose workers
 * compress in parallel, while the calling thread digests and uploads; nothing is held whole in
 * memory or written to local disk. The stream ends for the store only after the source's every
 * process exited with status 0, so a failure in any stage makes the put fail (the store then
 * keeps nothing), never a complete-looking object.
 */
public final class BackupUpload {
  /** Chunks in flight between compression and upload: bounds the memory to 16 × 256 KiB. */
  static final int PIPE_CAPACITY = 16;
  static final int PIPE_CHUNK = 256 * 1024;

  private final ObjectStore store;
  private final Optional<BackupKey> key;
  private final PipelineSettings settings;

  /** What was stored, and how many bytes the source produced before compression. */
  public record Result(StoredObject object, long sourceBytes) {}

  public BackupUpload(ObjectStore store, Optional<BackupKey> key, PipelineSettings settings) {
    this.store = store;
    this.key = key;
    this.settings = settings;
  }

  public Result run(Source source, ObjectKey target) throws IOException {
    BoundedPipe pipe = new BoundedPipe(PIPE_CAPACITY, PIPE_CHUNK, settings.stallTimeout());
    AtomicReference<Result> result = new AtomicReference<>();
    try (source;
        ProducerThread pump = ProducerThread.start("backup-pump-" + target.name(), pipe, source,
            settings.exitTimeout(), out -> pump(source, out, result, target.name()))) {
      store.put(target, pump.output());
      // The pipe ended, so the pump set the result before it finished.
      return result.get();
    } catch (IOException e) {
      throw new IOException("backup of " + source.name() + " to " + target + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IOException("backup of " + source.name() + " to " + target + " failed: " + e, e);
    }
  }

  /**
   * Reads the source, encodes it and takes the stored bytes' digest on its way into the pipe: the
   * uploading thread then only moves bytes, and hashing runs beside it.
   */
  private void pump(Source source, OutputStream out, AtomicReference<Result> result, String name)
      throws IOException, InterruptedException {
    Sha256Sink digest = new Sha256Sink(out);
    long sourceBytes;
    try (OutputStream encoded = ObjectCodec.encoder(digest, key, settings.compression(), settings.zstdLevel(),
        settings.zstdWorkers())) {
      sourceBytes = Streams.copy(source.stream(), encoded);
    }
    source.awaitSuccess(settings.exitTimeout());
    result.set(new Result(digest.result(name), sourceBytes));
  }
}
