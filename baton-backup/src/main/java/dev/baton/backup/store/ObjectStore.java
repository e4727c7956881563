package dev.baton.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where backups live: a directory on disk by default, or an S3 bucket. Objects are written whole
 * or not at all: a put that fails or is interrupted leaves no object under the key (and no
 * pending upload that costs money), so a reader never sees half an object.
 */
public interface ObjectStore extends AutoCloseable {
  /**
   * Streams {@code content} to the end into the object {@code key}, replacing any object there.
   * The length need not be known in advance, and the content is never held whole in memory or on
   * local disk. Returns the number of bytes stored.
   */
  long put(ObjectKey key, InputStream content) throws IOException;

  /** The object's bytes; the caller closes the stream. Throws {@link ObjectNotFoundException} when absent. */
  InputStream get(ObjectKey key) throws IOException;

  /** Every object whose key lies under {@code prefix}, in key order. */
  List<ObjectKey> list(ObjectKey prefix) throws IOException;

  /** Removes the object; removing an absent object is not an error. */
  void delete(ObjectKey key) throws IOException;

  boolean exists(ObjectKey key) throws IOException;

  /** Where the store is, for messages: a path or an s3:// address. */
  String location();

  @Override
  void close();
}
