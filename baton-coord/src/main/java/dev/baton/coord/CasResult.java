package dev.baton.coord;

/** What a compare-and-set did: wrote a new version, or found another version than expected. */
public sealed interface CasResult {

  boolean written();

  /** The write happened; {@code version} is the document's new version. */
  record Written(long version) implements CasResult {
    @Override
    public boolean written() {
      return true;
    }
  }

  /** Nothing was written: the document is at {@code actualVersion} (0 when absent). */
  record Conflict(long expectedVersion, long actualVersion) implements CasResult {
    @Override
    public boolean written() {
      return false;
    }
  }
}
