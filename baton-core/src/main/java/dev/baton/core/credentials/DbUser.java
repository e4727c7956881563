package dev.baton.core.credentials;

/**
 * The database users Baton creates on every cluster: the seed's five (root, replication, backup,
 * monitor, and the manager that the seed calls orchestrator) plus one for applications.
 */
public enum DbUser {
  ROOT("root"),
  REPLICATION("repl"),
  BACKUP("backup"),
  MONITOR("monitor"),
  MANAGER("baton"),
  APP("app");

  private final String userName;

  DbUser(String userName) {
    this.userName = userName;
  }

  /** The account name on the server. */
  public String userName() {
    return userName;
  }

  public static java.util.Optional<DbUser> byUserName(String name) {
    for (DbUser u : values()) {
      if (u.userName.equals(name)) {
        return java.util.Optional.of(u);
      }
    }
    return java.util.Optional.empty();
  }
}
