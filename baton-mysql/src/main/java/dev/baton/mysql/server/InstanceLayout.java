package dev.baton.mysql.server;

import java.nio.file.Path;

/** The files of one database instance under its node directory. */
public record InstanceLayout(Path dir) {
  /** Unix socket paths longer than this do not fit in sockaddr_un on Linux. */
  public static final int MAX_SOCKET_PATH = 107;

  public InstanceLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The server's own temporary directory: instances initialized in parallel collide in a shared /tmp. */
  public Path tmpDir() {
    return dir.resolve("tmp");
  }

  public Path myCnf() {
    return dir.resolve("my.cnf");
  }

  public Path socket() {
    return dir.resolve("mysqld.sock");
  }

  public Path pidFile() {
    return dir.resolve("mysqld.pid");
  }

  public Path errorLog() {
    return dir.resolve("mysqld.log");
  }

  /** Marks a data directory whose initialization finished; a directory without it is not used. */
  public Path initializedMarker() {
    return dir.resolve("initialized");
  }
}
