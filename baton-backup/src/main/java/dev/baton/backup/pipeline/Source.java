package dev.baton.backup.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** The producing end of a backup: a tool's output, and how the tool ended. */
public interface Source extends AutoCloseable {
  /** What produces the bytes, for messages. */
  String name();

  InputStream stream();

  /**
   * Waits, up to the timeout, for the producer to end after its stream was read to the end, and
   * throws unless every process involved exited with status 0.
   */
  void awaitSuccess(Duration timeout) throws IOException, InterruptedException;

  /** Stops whatever still runs and removes temporary files; safe to call at any time. */
  @Override
  void close();
}
