package dev.baton.backup.store;

import java.io.IOException;

/** The store holds no object under the key. */
public final class ObjectNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public ObjectNotFoundException(String location, ObjectKey key) {
    super("no object " + key + " in " + location);
  }
}
