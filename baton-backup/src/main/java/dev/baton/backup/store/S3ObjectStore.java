package dev.baton.backup.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
 * one part in memory at a time; any failure aborts the upload so no parts linger.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Settings settings;
  private final S3Client s3;

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

  private long putMultipart(ObjectKey key, InputStream content, byte[] part) throws IOException {
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(r -> r.bucket(settings.bucket()).key(key.value())).uploadId();
    } catch (SdkException e) {
      throw failure("starting a multipart upload of", key, e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long total = 0;
      int n = part.length;
      while (n > 0) {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(key.value()).uploadId(uploadId)
            .partNumber(number), body(part, n)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        total += n;
        n = content.readNBytes(part, 0, part.length);
      }
      s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key.value()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      completed = true;
      return total;
    } catch (SdkException e) {
      throw failure("uploading", key, e);
    } finally {
      if (!completed) {
        abort(key, uploadId);
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
    s3.close();
  }

  private String location(ObjectKey key) {
    return "s3://" + settings.bucket() + "/" + key;
  }

  private IOException failure(String doing, ObjectKey key, SdkException e) {
    return new IOException(doing + " " + location(key) + " failed: " + e.getMessage(), e);
  }

  /** The first {@code length} bytes of the part buffer, without a copy; the SDK re-reads it on a retry. */
  private static RequestBody body(byte[] buffer, int length) {
    return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
  }
}
