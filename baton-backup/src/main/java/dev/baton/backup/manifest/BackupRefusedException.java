package dev.baton.backup.manifest;

/**
 * A backup request that must not go ahead: an unknown or incomplete backup, a missing or corrupt
 * object, a broken incremental chain, a target that is not empty. The message is one line naming
 * the problem; front ends print it as is. Nothing has been overwritten when it is thrown.
 */
public final class BackupRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackupRefusedException(String message) {
    super(message);
  }
}
