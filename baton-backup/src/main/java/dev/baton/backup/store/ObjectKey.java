package dev.baton.backup.store;

import java.util.regex.Pattern;

/**
 * The name of an object in a store: segments separated by '/'. Segments never start with a dot,
 * so a store may keep its own temporary files beside the objects without a name ever colliding,
 * and a key can never climb out of a directory store.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  public ObjectKey {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("an object key must not be empty");
    }
    for (String segment : value.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("object key '" + value + "' has an invalid segment '" + segment
            + "': use letters, digits, '.', '_' and '-', not starting with '.' or '-'");
      }
    }
  }

  public static ObjectKey of(String first, String... more) {
    return new ObjectKey(more.length == 0 ? first : first + "/" + String.join("/", more));
  }

  public ObjectKey resolve(String child) {
    return new ObjectKey(value + "/" + child);
  }

  /** The last segment. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /** Whether this key lies under {@code prefix} (a whole-segment match: a/b is under a, ab is not). */
  public boolean isUnder(ObjectKey prefix) {
    return value.startsWith(prefix.value + "/");
  }

  @Override
  public int compareTo(ObjectKey o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
