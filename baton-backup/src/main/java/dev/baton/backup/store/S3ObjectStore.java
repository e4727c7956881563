package dev.baton.backup.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An object store in an S3 bucket (AWS or any S3-compatible server), through the synchronous
 * AWS SDK v2 client. Content of unknown length goes up as a multipart upload of fixed-size parts,
 * a few at a time ({@link S3Settings#parallelParts}); any failure aborts the upload so no parts
 * linger.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

  /** How long a failed upload waits for its other parts to stop before it aborts. */
  private static final Duration PART_STOP_WAIT = Duration.ofSeconds(30);

  private final S3Settings settings;
  private final S3Client s3;
  /** Sends the parts of every multipart upload of this store; each upload bounds its own share. */
  private final ExecutorService uploads;

  public S3ObjectStore(S3Settings settings) {
    this.settings = settings;
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(settings.region()))
        // Baton checks its own SHA-256 per object; the SDK's newer default checksums are not
        // understood by every S3-compatible server, so they are sent only where S3 requires them.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings.endpoint().ifPresent(uri -> b.endpointOverride(uri).forcePathStyle(true));
    // Without a static key the SDK's default chain applies: environment, profile, instance role.
    settings.accessKey().ifPresent(k ->
        b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(k.id(), k.secret()))));
    this.s3 = b.build();
    this.uploads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "s3-part-upload");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public long put(ObjectKey key, InputStream content) throws IOException {
    byte[] part = new byte[settings.partSize()];
    int n = content.readNBytes(part, 0, part.length);
    if (n < part.length) {
      try {
        s3.putObject(r -> r.bucket(settings.bucket()).key(key.value()), body(part, n));
        return n;
      } catch (SdkException e) {
        throw failure("putting", key, e);
      }
    }
    return putMultipart(key, content, part);
  }

  /**
   * Reads part after part while earlier ones are sent, at most {@link S3Settings#parallelParts}
   * at a time counting the one being read, so the source never waits for a single connection's
   * round trips. A failed part stops the reading; the upload is then aborted once no part of it
   * is still being sent (a part that lands after the abort would be stored and billed). Parts in
   * flight are let finish rather than interrupted: a request cut mid-body left s3proxy's
   * file store a part it could neither list nor abort.
   */
  private long putMultipart(ObjectKey key, InputStream content, byte[] first) throws IOException {
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(r -> r.bucket(settings.bucket()).key(key.value())).uploadId();
    } catch (SdkException e) {
      throw failure("starting a multipart upload of", key, e);
    }
    int parallel = settings.parallelParts();
    Semaphore slots = new Semaphore(parallel);
    Queue<byte[]> free = new ConcurrentLinkedQueue<>();
    AtomicBoolean failed = new AtomicBoolean();
    List<Future<CompletedPart>> parts = new ArrayList<>();
    boolean reading = false;
    boolean completed = false;
    try {
      long total = 0;
      byte[] part = first;
      int n = part.length;
      slots.acquire();
      reading = true;
      while (n > 0 && !failed.get()) {
        int number = parts.size() + 1;
        byte[] buffer = part;
        int length = n;
        // The reader's slot passes to the part, which frees it once sent or failed.
        parts.add(uploads.submit(() -> {
          try {
            String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(key.value()).uploadId(uploadId)
                .partNumber(number), body(buffer, length)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
          } catch (RuntimeException e) {
            failed.set(true);
            throw e;
          } finally {
            free.add(buffer);
            slots.release();
          }
        }));
        reading = false;
        total += n;
        slots.acquire();
        reading = true;
        part = Optional.ofNullable(free.poll()).orElseGet(() -> new byte[settings.partSize()]);
        n = content.readNBytes(part, 0, part.length);
      }
      slots.release();
      reading = false;
      List<CompletedPart> done = new ArrayList<>();
      for (Future<CompletedPart> f : parts) {
        done.add(f.get());
      }
      s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key.value()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(done)));
      completed = true;
      return total;
    } catch (ExecutionException e) {
      throw failure("uploading", key, e.getCause());
    } catch (SdkException e) {
      throw failure("uploading", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload of " + location(key) + " interrupted");
    } finally {
      if (!completed) {
        if (reading) {
          slots.release();
        }
        awaitParts(key, slots, parallel);
        abort(key, uploadId);
      }
    }
  }

  /** Waits, bounded, until no part of the upload is still being sent: every slot is free again. */
  private void awaitParts(ObjectKey key, Semaphore slots, int parallel) {
    boolean interrupted = Thread.interrupted();
    try {
      if (!slots.tryAcquire(parallel, PART_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("parts of {} still being sent after {}; aborting the upload anyway", location(key), PART_STOP_WAIT);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Aborts even when this thread was interrupted (the SDK refuses calls then); the interrupt is kept. */
  private void abort(ObjectKey key, String uploadId) {
    boolean interrupted = Thread.interrupted();
    try {
      s3.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key.value()).uploadId(uploadId));
    } catch (SdkException e) {
      log.warn("could not abort multipart upload {} of {}: {}; a bucket lifecycle rule for incomplete uploads"
          + " removes it", uploadId, location(key), e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    try {
      return s3.getObject(r -> r.bucket(settings.bucket()).key(key.value()));
    } catch (NoSuchKeyException e) {
      throw new ObjectNotFoundException(location(), key);
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  public List<ObjectKey> list(ObjectKey prefix) throws IOException {
    try {
      return s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix.value() + "/")).contents()
          .stream().map(S3Object::key).map(ObjectKey::new).sorted().toList();
    } catch (SdkException e) {
      throw failure("listing", prefix, e);
    }
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(key.value()));
    } catch (SdkException e) {
      throw failure("deleting", key, e);
    }
  }

  @Override
  public boolean exists(ObjectKey key) throws IOException {
    try {
      s3.headObject(r -> r.bucket(settings.bucket()).key(key.value()));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("checking", key, e);
    } catch (SdkException e) {
      throw failure("checking", key, e);
    }
  }

  @Override
  public String location() {
    return "s3://" + settings.bucket() + settings.endpoint().map(u -> " at " + u).orElse("");
  }

  @Override
  public void close() {
    uploads.shutdownNow();
    s3.close();
  }

  private String location(ObjectKey key) {
    return "s3://" + settings.bucket() + "/" + key;
  }

  private IOException failure(String doing, ObjectKey key, Throwable e) {
    return new IOException(doing + " " + location(key) + " failed: " + e.getMessage(), e);
  }

  /** The first {@code length} bytes of the part buffer, without a copy; the SDK re-reads it on a retry. */
  private static RequestBody body(byte[] buffer, int length) {
    return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
  }
}
