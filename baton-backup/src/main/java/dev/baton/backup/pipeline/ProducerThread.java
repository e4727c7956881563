package dev.baton.backup.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One stage of a pipeline on a thread of its own, writing into a {@link BoundedPipe} that the
 * calling thread reads: so that two stages (compressing and uploading, decoding and unpacking)
 * each have a core. The stage's outcome ends the pipe: the reader sees the end only when the work
 * returned normally, and the work's exception otherwise, so no stage can fail silently.
 */
final class ProducerThread implements AutoCloseable {
  /** What the thread does: write the whole stream to {@code out}, or throw. */
  interface Work {
    void writeTo(OutputStream out) throws IOException, InterruptedException;
  }

  private final BoundedPipe pipe;
  private final AutoCloseable input;
  private final Duration exitTimeout;
  private final Thread thread;

  /**
   * @param input what the work reads from; closed on {@link #close()} so that a thread blocked
   *     reading it wakes up
   * @param exitTimeout how long {@link #close()} waits for the thread to end
   */
  private ProducerThread(String name, BoundedPipe pipe, AutoCloseable input, Duration exitTimeout, Work work) {
    this.pipe = pipe;
    this.input = input;
    this.exitTimeout = exitTimeout;
    this.thread = new Thread(() -> run(work), name);
    thread.setDaemon(true);
  }

  static ProducerThread start(String name, BoundedPipe pipe, AutoCloseable input, Duration exitTimeout, Work work) {
    ProducerThread p = new ProducerThread(name, pipe, input, exitTimeout, work);
    p.thread.start();
    return p;
  }

  /** What the work wrote, then its end or its failure. */
  InputStream output() {
    return pipe.input();
  }

  private void run(Work work) {
    try {
      OutputStream out = pipe.output();
      work.writeTo(out);
      out.close();
      pipe.finish();
    } catch (IOException | RuntimeException e) {
      pipe.fail(e);
    } catch (InterruptedException e) {
      pipe.fail(new InterruptedIOException("interrupted in " + thread.getName()));
    } catch (Error e) {
      pipe.fail(new IOException(thread.getName() + " failed: " + e, e));
      throw e;
    }
  }

  /**
   * Stops the stage if it still runs (the reader gave up) and waits, bounded, for its thread to
   * end, even when this thread was interrupted, which it keeps.
   */
  @Override
  public void close() {
    pipe.cancel();
    try {
      input.close();
    } catch (Exception e) {
      // Only to wake the thread: the stage's outcome was already decided.
    }
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + exitTimeout.toNanos();
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
