package dev.baton.mysql.server;

import dev.baton.core.cluster.Flavor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a flavor's programs are and how to invoke them. A distribution unpacked into a foreign
 * root (MySQL from Debian unstable on a stable machine) runs through that root's own dynamic
 * loader, so {@link #launcher()} is prepended to every program.
 *
 * @param launcher words put before each program, empty for a native install
 * @param mysqld the server binary
 * @param client the command-line client (mysql or mariadb)
 * @param installDb MariaDB's mariadb-install-db; empty for MySQL, whose mysqld initializes itself
 * @param serverOptions my.cnf options the server needs to find its own files (basedir, plugin dir...)
 */
public record ServerDistribution(
    Flavor flavor,
    List<String> launcher,
    Path mysqld,
    Path client,
    Optional<Path> installDb,
    Map<String, String> serverOptions) {

  public ServerDistribution {
    launcher = List.copyOf(launcher);
    serverOptions = Map.copyOf(serverOptions);
  }

  public List<String> mysqldCommand(String... args) {
    return command(mysqld, args);
  }

  public List<String> clientCommand(String... args) {
    return command(client, args);
  }

  public List<String> command(Path program, String... args) {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(program.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
