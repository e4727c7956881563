package dev.baton.mysql.server;

import dev.baton.core.cluster.Flavor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a flavor's server distribution. Users with Percona Server, MySQL or MariaDB installed
 * natively point Baton at it with environment variables; otherwise the locations that
 * {@code scripts/install-servers} fills are used.
 *
 * <ul>
 *   <li>{@value #ENV_MYSQLD} / {@value #ENV_MYSQL_CLIENT}: a native mysqld (Percona or MySQL) and its client
 *   <li>{@value #ENV_MYSQL_ROOT}: a Debian root holding MySQL (default {@value #DEFAULT_MYSQL_ROOT})
 *   <li>{@value #ENV_MARIADBD} / {@value #ENV_MARIADB_CLIENT}: a MariaDB server and client (default: on PATH)
 * </ul>
 */
public final class ServerDistributions {
  public static final String ENV_MYSQLD = "BATON_MYSQLD";
  public static final String ENV_MYSQL_CLIENT = "BATON_MYSQL_CLIENT";
  public static final String ENV_MYSQL_ROOT = "BATON_MYSQL_ROOT";
  public static final String ENV_MARIADBD = "BATON_MARIADBD";
  public static final String ENV_MARIADB_CLIENT = "BATON_MARIADB_CLIENT";
  public static final String DEFAULT_MYSQL_ROOT = "/opt/baton/mysql-sid";
  /** Set by the ./baton launcher so that messages can name the install script by its full path. */
  public static final String ENV_HOME = "BATON_HOME";

  private final Map<String, String> env;

  public ServerDistributions(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public ServerDistribution locate(Flavor flavor) {
    return switch (flavor) {
      case MYSQL -> mysql();
      case MARIADB -> mariadb();
    };
  }

  private ServerDistribution mysql() {
    String native_ = env.get(ENV_MYSQLD);
    if (native_ != null) {
      Path mysqld = executable(Path.of(native_), ENV_MYSQLD + "=" + native_);
      Path client = env.containsKey(ENV_MYSQL_CLIENT)
          ? executable(Path.of(env.get(ENV_MYSQL_CLIENT)), ENV_MYSQL_CLIENT)
          : sibling(mysqld, "../bin/mysql").or(() -> onPath("mysql"))
              .orElseThrow(() -> new ServerNotFoundException("no mysql client found next to " + mysqld
                  + " or on PATH: set " + ENV_MYSQL_CLIENT + " to the mysql client of the same server"));
      return new ServerDistribution(Flavor.MYSQL, List.of(), mysqld, client, Optional.empty(), Map.of());
    }
    Path root = Path.of(env.getOrDefault(ENV_MYSQL_ROOT, DEFAULT_MYSQL_ROOT));
    Path mysqld = root.resolve("usr/sbin/mysqld");
    Path loader = root.resolve("lib64/ld-linux-x86-64.so.2");
    if (!Files.isExecutable(mysqld) || !Files.isExecutable(loader) || !Files.exists(root.resolve(".baton-complete"))) {
      throw new ServerNotFoundException("MySQL server not found in " + root + ": install it with 'sudo "
          + installScript() + " mysql', or set " + ENV_MYSQLD + " to a native mysqld (Percona Server or MySQL 8.0.23+)");
    }
    String libs = root.resolve("usr/lib/x86_64-linux-gnu") + ":" + root.resolve("lib/x86_64-linux-gnu");
    Path usr = root.resolve("usr");
    return new ServerDistribution(
        Flavor.MYSQL,
        List.of(loader.toString(), "--library-path", libs),
        mysqld,
        root.resolve("usr/bin/mysql"),
        Optional.empty(),
        Map.of(
            "basedir", usr.toString(),
            "lc_messages_dir", usr.resolve("share/mysql").toString(),
            "plugin_dir", usr.resolve("lib/mysql/plugin").toString(),
            "character_sets_dir", usr.resolve("share/mysql/charsets").toString()));
  }

  private ServerDistribution mariadb() {
    Path mariadbd = Optional.ofNullable(env.get(ENV_MARIADBD)).map(Path::of)
        .or(() -> onPath("mariadbd"))
        .or(() -> Optional.of(Path.of("/usr/sbin/mariadbd")).filter(Files::isExecutable))
        .orElseThrow(() -> new ServerNotFoundException("MariaDB server (mariadbd) not found: install it with 'sudo "
            + installScript() + " mariadb', or set " + ENV_MARIADBD + " to your mariadbd"));
    executable(mariadbd, env.containsKey(ENV_MARIADBD) ? ENV_MARIADBD + "=" + env.get(ENV_MARIADBD) : "mariadbd");
    Path client = Optional.ofNullable(env.get(ENV_MARIADB_CLIENT))
        .map(c -> executable(Path.of(c), ENV_MARIADB_CLIENT + "=" + c))
        .or(() -> sibling(mariadbd, "../bin/mariadb")).or(() -> onPath("mariadb"))
        .orElseThrow(() -> new ServerNotFoundException("MariaDB client (mariadb) not found: install it with 'sudo "
            + installScript() + " mariadb', or set " + ENV_MARIADB_CLIENT));
    Path installDb = sibling(mariadbd, "../bin/mariadb-install-db").or(() -> onPath("mariadb-install-db"))
        .orElseThrow(() -> new ServerNotFoundException("mariadb-install-db not found next to " + mariadbd
            + ": install MariaDB with 'sudo " + installScript() + " mariadb'"));
    Path basedir = mariadbd.toAbsolutePath().getParent().getParent();
    return new ServerDistribution(Flavor.MARIADB, List.of(), mariadbd, client, Optional.of(installDb),
        Map.of("basedir", basedir.toString()));
  }

  private String installScript() {
    return Optional.ofNullable(env.get(ENV_HOME)).map(h -> Path.of(h, "scripts/install-servers").toString())
        .orElse("scripts/install-servers");
  }

  private static Path executable(Path p, String what) {
    if (!Files.isExecutable(p)) {
      throw new ServerNotFoundException(what + ": " + p + " is not an executable file; fix the path or unset it");
    }
    return p;
  }

  private static Optional<Path> sibling(Path program, String relative) {
    Path p = program.toAbsolutePath().getParent().resolve(relative).normalize();
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  private Optional<Path> onPath(String name) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    return Stream.of(path.split(":"))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
