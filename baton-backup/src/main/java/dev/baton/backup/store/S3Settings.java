package dev.baton.backup.store;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an S3 store is and how to reach it.
 *
 * @param bucket the bucket, which must exist
 * @param region the signing region; S3-compatible servers usually accept any
 * @param endpoint a custom endpoint (MinIO, Ceph, s3proxy...): requests then use path-style
 *     addressing, which those servers support without wildcard DNS; empty for AWS itself
 * @param accessKey static credentials; empty to use the SDK's default chain (environment,
 *     profile, instance role)
 * @param partSize bytes per multipart part
 * @param parallelParts how many parts of one upload are read or sent at once; an upload holds
 *     this many parts in memory
 */
public record S3Settings(String bucket, String region, Optional<URI> endpoint, Optional<AccessKey> accessKey,
    int partSize, int parallelParts) {
  /** Large enough that 10,000 parts (S3's limit) hold 160 GiB, small enough to hold in memory. */
  public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;
  /** S3 refuses smaller parts (except the last). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  public static final String DEFAULT_REGION = "us-east-1";
  /**
   * One S3 connection carries far less than a backup stream can produce on a host with a fast
   * network; the AWS CLI sends up to 10 requests at once. Four parts in flight (64 MiB held)
   * keep several connections busy within a small heap.
   */
  public static final int DEFAULT_PARALLEL_PARTS = 4;

  /** A static access key pair; {@link #toString()} hides the secret. */
  public record AccessKey(String id, String secret) {
    public AccessKey {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "AccessKey[id=" + id + ", secret hidden]";
    }
  }

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket must not be empty");
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("S3 partSize must be >= " + MIN_PART_SIZE + " bytes, got " + partSize);
    }
    if (parallelParts < 1) {
      throw new IllegalArgumentException("S3 parallelParts must be >= 1, got " + parallelParts);
    }
  }

  public static S3Settings of(String bucket) {
    return new S3Settings(bucket, DEFAULT_REGION, Optional.empty(), Optional.empty(), DEFAULT_PART_SIZE,
        DEFAULT_PARALLEL_PARTS);
  }

  public S3Settings withEndpoint(URI uri, AccessKey key) {
    return new S3Settings(bucket, region, Optional.of(uri), Optional.of(key), partSize, parallelParts);
  }

  public S3Settings withPartSize(int bytes) {
    return new S3Settings(bucket, region, endpoint, accessKey, bytes, parallelParts);
  }

  public S3Settings withParallelParts(int parts) {
    return new S3Settings(bucket, region, endpoint, accessKey, partSize, parts);
  }
}
