package dev.baton.backup.binlog;

import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

/** A store whose puts of chosen keys break halfway, as a dropped connection or a killed process would. */
final class FlakyStore implements ObjectStore {
  private final ObjectStore real;
  private volatile Predicate<ObjectKey> failing = k -> false;

  FlakyStore(ObjectStore real) {
    this.real = real;
  }

  void failPutsOf(Predicate<ObjectKey> keys) {
    failing = keys;
  }

  @Override
  public long put(ObjectKey key, InputStream content) throws IOException {
    if (failing.test(key)) {
      content.readNBytes(10);
      throw new IOException("connection reset while storing " + key);
    }
    return real.put(key, content);
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    return real.get(key);
  }

  @Override
  public List<ObjectKey> list(ObjectKey prefix) throws IOException {
    return real.list(prefix);
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    real.delete(key);
  }

  @Override
  public boolean exists(ObjectKey key) throws IOException {
    return real.exists(key);
  }

  @Override
  public String location() {
    return real.location();
  }

  @Override
  public void close() {
    real.close();
  }
}
