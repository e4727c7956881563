package dev.baton.backup.pitr;

import dev.baton.backup.binlog.GtidState;
import java.time.Instant;

/** What a point-in-time restore arrives at. */
public sealed interface RestoreTarget {
  /** Every transaction archived. */
  record Latest() implements RestoreTarget {
    @Override
    public String toString() {
      return "the latest archived transaction";
    }
  }

  /** Every transaction committed at or before {@code time}, and none after. */
  record ToTime(Instant time) implements RestoreTarget {
    @Override
    public String toString() {
      return time.toString();
    }
  }

  /** Every transaction up to the point where all of {@code gtids} are applied, and none after. */
  record ToGtid(GtidState gtids) implements RestoreTarget {
    @Override
    public String toString() {
      return "GTID " + gtids;
    }
  }
}
