package dev.baton.backup.pipeline;

import dev.baton.backup.manifest.Sha256Counter;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a source into the store: tool output → zstd → AES-GCM (when a key is given) → SHA-256
 * and size → {@link ObjectStore#put}. A pump thread compresses while the calling thread uploads;
 * nothing is held whole in memory or written to local disk. The stream ends for the store only
 * after the source's every process exited with status 0, so a failed tool makes the put fail (the
 * store then keeps nothing), never a complete-looking object.
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

  public Result run(Source source, ObjectKey target) throws IOException, InterruptedException {
    BoundedPipe pipe = new BoundedPipe(PIPE_CAPACITY, PIPE_CHUNK, settings.stallTimeout());
    AtomicLong sourceBytes = new AtomicLong();
    Thread pump = new Thread(() -> pump(source, pipe, sourceBytes), "backup-pump-" + target.name());
    pump.setDaemon(true);
    pump.start();
    try {
      Sha256Counter counted = new Sha256Counter(pipe.input());
      store.put(target, counted);
      pump.join(settings.exitTimeout().toMillis());
      return new Result(counted.result(target.name()), sourceBytes.get());
    } catch (IOException e) {
      throw new IOException("backup of " + source.name() + " to " + target + " failed: " + e.getMessage(), e);
    } finally {
      pipe.cancel();
      source.close();
      awaitPump(pump);
    }
  }

  /** Waits (bounded) for the pump to notice the cancel, even when this thread was interrupted, which it keeps. */
  private void awaitPump(Thread pump) {
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + settings.exitTimeout().toNanos();
    while (pump.isAlive() && System.nanoTime() < deadline) {
      try {
        pump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump(Source source, BoundedPipe pipe, AtomicLong sourceBytes) {
    try {
      try (OutputStream encoded = encoder(pipe.output())) {
        sourceBytes.set(source.stream().transferTo(encoded));
      }
      source.awaitSuccess(settings.exitTimeout());
      pipe.finish();
    } catch (IOException e) {
      pipe.fail(e);
    } catch (InterruptedException e) {
      pipe.fail(new InterruptedIOException("interrupted while waiting for " + source.name()));
    } catch (RuntimeException e) {
      pipe.fail(new IOException(e.toString(), e));
    }
  }

  private OutputStream encoder(OutputStream out) throws IOException {
    return ObjectCodec.encoder(out, key, settings.zstdLevel());
  }
}
