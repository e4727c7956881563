package dev.baton.backup.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands bytes from one stage's thread to the next (compression to upload, decoding to the
 * unpacking tool), holding at most {@code capacity} chunks. Unlike a plain pipe, the end of the
 * stream is an explicit {@link #finish()}: closing the writing side is not enough, so a producer
 * that failed after writing its last byte can never look like a complete stream to the reader,
 * which gets the producer's error from {@link #fail} instead.
 */
final class BoundedPipe {
  private static final byte[] END = new byte[0];
  private static final Duration POLL = Duration.ofMillis(100);

  private final BlockingQueue<byte[]> queue;
  private final int chunkSize;
  private final Duration stallTimeout;
  private volatile Exception failure;
  private volatile boolean cancelled;

  BoundedPipe(int capacity, int chunkSize, Duration stallTimeout) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.chunkSize = chunkSize;
    this.stallTimeout = stallTimeout;
  }

  /** The producer is done and succeeded: the reader sees the end after the last chunk. */
  void finish() throws IOException {
    offer(END);
  }

  /**
   * The producer failed: the reader throws {@code cause} (an IOException or a RuntimeException,
   * kept as is so that a refusal stays a refusal) instead of seeing an end.
   */
  void fail(Exception cause) {
    failure = cause;
  }

  /** The reader gave up: the producer's next write throws. */
  void cancel() {
    cancelled = true;
  }

  OutputStream output() {
    return new OutputStream() {
      private final byte[] buffer = new byte[chunkSize];
      private int filled;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        // Whole chunks of a large write go over with one copy instead of two.
        while (filled == 0 && len >= buffer.length) {
          offer(Arrays.copyOfRange(b, off, off + buffer.length));
          off += buffer.length;
          len -= buffer.length;
        }
        while (len > 0) {
          int n = Math.min(len, buffer.length - filled);
          System.arraycopy(b, off, buffer, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == buffer.length) {
            flush();
          }
        }
      }

      /** Hands over what is buffered. Closing does the same and does not end the stream. */
      @Override
      public void flush() throws IOException {
        if (filled > 0) {
          offer(Arrays.copyOf(buffer, filled));
          filled = 0;
        }
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  InputStream input() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int pos;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pos == current.length) {
          if (ended) {
            return -1;
          }
          current = take();
          pos = 0;
          ended = current == END;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }

      /** Writes the chunks as they come, without copying them into a buffer first. */
      @Override
      public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        while (true) {
          if (pos < current.length) {
            out.write(current, pos, current.length - pos);
            total += current.length - pos;
            pos = current.length;
          }
          if (ended) {
            return total;
          }
          current = take();
          pos = 0;
          ended = current == END;
        }
      }
    };
  }

  private byte[] take() throws IOException {
    long deadline = System.nanoTime() + stallTimeout.toNanos();
    try {
      while (true) {
        byte[] chunk = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
          throw rethrowable(failure);
        }
        if (chunk != null) {
          return chunk;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the stream stalled: no data for " + stallTimeout);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the stream's next bytes");
    }
  }

  private static IOException rethrowable(Exception cause) {
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    return (IOException) cause;
  }

  private void offer(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          throw new IOException("the next stage gave up on the stream");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing the stream's bytes over");
    }
  }
}
