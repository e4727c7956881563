package dev.baton.backup.manifest;

/** The tool that produced a backup's stream, which decides how it is restored. */
public enum BackupMethodName {
  /** MariaDB's mariadb-backup, an xbstream of the data directory. */
  MARIADB_BACKUP("mariadb-backup"),
  /** Percona XtraBackup, an xbstream of the data directory. */
  XTRABACKUP("xtrabackup"),
  /** MySQL's CLONE LOCAL DATA DIRECTORY, streamed as a tar of the cloned directory. */
  CLONE("clone"),
  /** mysqldump or mariadb-dump: SQL text. */
  LOGICAL("logical");

  private final String id;

  BackupMethodName(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
