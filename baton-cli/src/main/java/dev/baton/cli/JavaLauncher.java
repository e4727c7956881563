package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to run this same program in a new JVM: the daemons are started that way. */
public final class JavaLauncher {
  /** Where the shaded jar is when running from a build tree's tests. */
  static final String JAR_PROPERTY = "baton.jar";
  /** Extra JVM options for the daemons, e.g. a larger heap. */
  static final String ENV_JAVA_OPTS = "BATON_DAEMON_JAVA_OPTS";
  static final String DEFAULT_DAEMON_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC";
  /** The root log level (logback.xml); one-shot commands default to WARN, daemons run at INFO. */
  static final String LOG_LEVEL_PROPERTY = "baton.log.level";

  private JavaLauncher() {}

  public static List<String> batonCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = Optional.ofNullable(System.getProperty(JAR_PROPERTY)).orElse(System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java));
    String opts = Optional.ofNullable(System.getenv(ENV_JAVA_OPTS)).orElse(DEFAULT_DAEMON_JAVA_OPTS);
    for (String o : opts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.addAll(List.of("-D" + LOG_LEVEL_PROPERTY + "=INFO", "-cp", classpath, Main.class.getName()));
    return cmd;
  }
}
