package dev.baton.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every object store promises, run against each implementation. */
abstract class ObjectStoreContract {
  /** Above one S3 part of the smallest size, so the S3 store takes its multipart path. */
  static final int MULTIPART_SIZE = 12 * 1024 * 1024;

  ObjectStore store;

  abstract ObjectStore newStore() throws Exception;

  /** The objects a failed put may have left behind where no reader sees them (temp files, pending uploads). */
  abstract int leftovers() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void putThenGetReturnsTheSameBytes() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "full", "a.txt");
    assertThat(store.put(key, text("hello"))).isEqualTo(5);
    try (InputStream in = store.get(key)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(store.exists(key)).isTrue();
  }

  @Test
  void anEmptyObjectIsAnObject() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "empty");
    assertThat(store.put(key, InputStream.nullInputStream())).isZero();
    assertThat(store.exists(key)).isTrue();
    try (InputStream in = store.get(key)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void putReplacesAnExistingObject() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "x");
    store.put(key, text("first"));
    store.put(key, text("second"));
    try (InputStream in = store.get(key)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void aMissingObjectIsNotFound() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "missing");
    assertThat(store.exists(key)).isFalse();
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("c1/missing");
  }

  @Test
  void listReturnsTheKeysUnderAPrefixInOrder() throws IOException {
    store.put(ObjectKey.of("c1", "full", "b"), text("b"));
    store.put(ObjectKey.of("c1", "full", "a", "x"), text("x"));
    store.put(ObjectKey.of("c1", "fullish"), text("not under c1/full"));
    store.put(ObjectKey.of("c2", "full", "a"), text("other cluster"));
    assertThat(store.list(ObjectKey.of("c1", "full")))
        .containsExactly(ObjectKey.of("c1", "full", "a", "x"), ObjectKey.of("c1", "full", "b"));
    assertThat(store.list(ObjectKey.of("c3"))).isEmpty();
  }

  @Test
  void deleteRemovesAndToleratesAbsence() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "gone");
    store.put(key, text("x"));
    store.delete(key);
    store.delete(key);
    assertThat(store.exists(key)).isFalse();
    assertThat(store.list(ObjectKey.of("c1"))).isEmpty();
  }

  @Test
  void largeContentOfUnknownLengthStreamsThrough() throws IOException {
    ObjectKey key = ObjectKey.of("c1", "big");
    assertThat(store.put(key, new SeededBytes(1, MULTIPART_SIZE))).isEqualTo(MULTIPART_SIZE);
    assertThat(sha256(store.get(key))).isEqualTo(sha256(new SeededBytes(1, MULTIPART_SIZE)));
  }

  @Test
  void aPutWhoseContentFailsLeavesNothingVisible() throws Exception {
    ObjectKey key = ObjectKey.of("c1", "interrupted");
    InputStream failing = new SeededBytes(2, MULTIPART_SIZE).failingAfter(MULTIPART_SIZE / 2);
    assertThatThrownBy(() -> store.put(key, failing)).isInstanceOf(IOException.class);
    assertThat(store.exists(key)).isFalse();
    assertThat(store.list(ObjectKey.of("c1"))).isEmpty();
    assertThat(leftovers()).isZero();
  }

  @Test
  void aFailedPutKeepsThePreviousObject() throws Exception {
    ObjectKey key = ObjectKey.of("c1", "kept");
    store.put(key, text("previous"));
    assertThatThrownBy(() -> store.put(key, new SeededBytes(3, 100).failingAfter(10))).isInstanceOf(IOException.class);
    try (InputStream in = store.get(key)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("previous");
    }
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of a stream's bytes, in hex: compares big contents without printing them. */
  static String sha256(InputStream in) throws IOException {
    try (in) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deterministic incompressible bytes generated on the fly from their position, so big content
   * never sits in memory and the same seed gives the same bytes however it is read.
   */
  static final class SeededBytes extends InputStream {
    private final long seed;
    private final long length;
    private long failAfter = Long.MAX_VALUE;
    private long observeAt = Long.MAX_VALUE;
    private Runnable observer = () -> {};
    private long position;

    SeededBytes(long seed, long length) {
      this.seed = seed;
      this.length = length;
    }

    /** Runs {@code observer} once, when the reader has consumed {@code bytes}. */
    SeededBytes onReaching(long bytes, Runnable observer) {
      this.observeAt = bytes;
      this.observer = observer;
      return this;
    }

    SeededBytes failingAfter(long bytes) {
      failAfter = bytes;
      return this;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= failAfter) {
        throw new IOException("source failed after " + position + " bytes");
      }
      if (position >= observeAt) {
        observeAt = Long.MAX_VALUE;
        observer.run();
      }
      if (position >= length) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, length - position), Math.min(failAfter, observeAt) - position);
      for (int i = 0; i < n; i++, position++) {
        b[off + i] = (byte) (mix(seed * 0x9E3779B97F4A7C15L + (position >>> 3)) >>> ((position & 7) * 8));
      }
      return n;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
