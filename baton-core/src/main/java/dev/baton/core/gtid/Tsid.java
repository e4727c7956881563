package dev.baton.core.gtid;

/**
 * Where MySQL transactions come from: the uuid of the server that committed them and, since
 * MySQL 8.3, an optional tag (MySQL's own name for the pair is TSID). Both are lower-case; an
 * untagged source has the empty tag, which sorts first, as the server prints it.
 */
record Tsid(String uuid, String tag) implements Comparable<Tsid> {
  @Override
  public int compareTo(Tsid o) {
    int byUuid = uuid.compareTo(o.uuid);
    return byUuid != 0 ? byUuid : tag.compareTo(o.tag);
  }
}
