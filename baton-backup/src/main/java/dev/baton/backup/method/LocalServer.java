package dev.baton.backup.method;

import dev.baton.mysql.server.InstanceLayout;
import dev.baton.mysql.server.ServerDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A server on this machine as the backup tools reach it: physical methods read its data
 * directory, so they run where the server runs, and connect over its Unix socket.
 *
 * @param password empty for an account without one (a fresh root on its socket)
 */
public record LocalServer(ServerDistribution dist, InstanceLayout layout, String user, String password) {
  @Override
  public String toString() {
    return "LocalServer[" + layout.dir() + ", user=" + user + "]";
  }

  /**
   * Writes an owner-only option file with the account, for a tool's {@code --defaults-file}: the
   * password never appears in a process list.
   */
  public Path writeClientOptions(Path dir) throws IOException {
    Path file = dir.resolve("client.cnf");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    StringBuilder sb = new StringBuilder("[client]\nuser=").append(user).append('\n');
    if (!password.isEmpty()) {
      sb.append("password=").append(password).append('\n');
    }
    sb.append("socket=").append(layout.socket()).append('\n');
    Files.writeString(file, sb.toString());
    return file;
  }

  /** The instance a backup was taken from, for the manifest: its directory on this host. */
  public String describe() {
    return layout.dir().toString();
  }
}
