package dev.baton.backup.method;

import dev.baton.backup.pipeline.Source;
import java.io.IOException;

/** One backup being taken by a method: its stream, then what it learned. */
public interface BackupRun extends AutoCloseable {
  /** The object the stream is stored as, before the compression's suffix: e.g. backup.xbstream. */
  String objectName();

  Source source();

  /** Called once the stream is stored and every tool exited cleanly. */
  ServerPosition position() throws IOException, InterruptedException;

  /** Stops what still runs and removes temporary files. */
  @Override
  void close();
}
