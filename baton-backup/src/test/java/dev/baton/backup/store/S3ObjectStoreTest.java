package dev.baton.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3ObjectStoreTest extends ObjectStoreContract {
  /** A multipart upload of this size must not need this much heap at once. */
  static final int LARGE_SIZE = 40 * 1024 * 1024;

  @TempDir
  static Path blobs;
  static S3TestServer server;
  static S3Client client;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.start(blobs);
    client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint()).forcePathStyle(true)
        .credentialsProvider(() -> AwsBasicCredentials.create(S3TestServer.KEY.id(), S3TestServer.KEY.secret()))
        .build();
  }

  @AfterAll
  static void stopServer() throws Exception {
    client.close();
    server.close();
  }

  @Override
  ObjectStore newStore() throws IOException {
    for (var o : client.listObjectsV2Paginator(r -> r.bucket(S3TestServer.BUCKET)).contents()) {
      client.deleteObject(r -> r.bucket(S3TestServer.BUCKET).key(o.key()));
    }
    return new S3ObjectStore(server.settings());
  }

  @Override
  int leftovers() {
    return client.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET)).uploads().size();
  }

  @Test
  void anUploadInterruptedMidwayIsAbortedAndLeavesNothing() throws Exception {
    ObjectKey key = ObjectKey.of("c1", "interrupted");
    CountDownLatch midway = new CountDownLatch(1);
    InputStream hanging = new SeededBytes(5, LARGE_SIZE).onReaching(12L << 20, () -> {
      midway.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("source interrupted"));
      }
    });
    CompletableFuture<Long> put = new CompletableFuture<>();
    Thread uploader = new Thread(() -> {
      try {
        put.complete(store.put(key, hanging));
      } catch (Throwable e) {
        put.completeExceptionally(e);
      }
    });
    uploader.start();
    assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();
    // s3proxy lists an upload by reading its parts' file attributes: while a part is still being
    // written (parts go up in parallel) a listing can come back empty, so look again, bounded.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(leftovers()).as("a multipart upload in progress").isEqualTo(1));
    uploader.interrupt();
    assertThatThrownBy(() -> put.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
    assertThat(store.exists(key)).isFalse();
    assertThat(leftovers()).isZero();
  }

  /**
   * When the source has produced 30 MiB it waits (bounded) for the five parts before the one being
   * read to be on the server: a store that kept the object until its end would never get there.
   * The count is polled because s3proxy's file store may not list parts while others are written.
   */
  @Test
  void fortyMebibytesGoUpInPartsWhileTheSourceIsStillProducing() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "forty");
    AtomicInteger partsSeenAt30MiB = new AtomicInteger(-1);
    InputStream source = new SeededBytes(4, LARGE_SIZE).onReaching(30L << 20, () -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (partsSeenAt30MiB.get() < 5 && System.nanoTime() < deadline) {
        partsSeenAt30MiB.set(partsOnServer());
        sleep(50);
      }
    });
    long stored;
    try (ObjectStore s3 = new S3ObjectStore(server.settings(S3Settings.MIN_PART_SIZE))) {
      stored = s3.put(key, source);
    }
    assertThat(stored).isEqualTo(LARGE_SIZE);
    assertThat(partsSeenAt30MiB.get()).as("parts on the server while the source waited at 30 MiB")
        .isGreaterThanOrEqualTo(5);
    assertThat(sha256(store.get(key))).isEqualTo(sha256(new SeededBytes(4, LARGE_SIZE)));
  }

  private static int partsOnServer() {
    try {
      return client.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET)).uploads().stream()
          .mapToInt(u -> client.listParts(r -> r.bucket(S3TestServer.BUCKET).key(u.key()).uploadId(u.uploadId()))
              .parts().size())
          .sum();
    } catch (SdkException e) {
      return -1;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted"));
    }
  }
}
