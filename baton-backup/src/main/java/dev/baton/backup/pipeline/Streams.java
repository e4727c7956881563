package dev.baton.backup.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copying between the stages of a pipeline. */
final class Streams {
  /**
   * Large enough that the per-call costs (a JNI call into zstd, a pipe syscall) vanish next to
   * the work on the bytes; {@link InputStream#transferTo} uses 8 KiB.
   */
  static final int BUFFER = 1024 * 1024;

  private Streams() {}

  /** Copies {@code in} to its end into {@code out}; returns the number of bytes. */
  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}
