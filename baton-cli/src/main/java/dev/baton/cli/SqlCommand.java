package dev.baton.cli;

import dev.baton.agent.local.ClusterDirectory;
import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.server.ServerDistribution;
import dev.baton.mysql.server.ServerDistributions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sql", description = {
    "Open the cluster's mysql client through an endpoint, logged in with the right credentials.",
    "The password goes through a 0600 option file, never the command line."})
final class SqlCommand implements Callable<Integer> {
  enum Endpoint { write, read }

  @Mixin ClusterDirOption dir;

  @Option(names = "--endpoint", paramLabel = "write|read", description = "Endpoint to connect through (default: write).")
  Endpoint endpoint = Endpoint.write;

  @Option(names = "--user", paramLabel = "USER", description = "Database user (default: app, in the app database).")
  String user = DbUser.APP.userName();

  @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run these statements and exit.")
  String execute;

  @Option(names = "--batch", description = "Tab-separated output without borders, as mysql --batch.")
  boolean batch;

  @Override
  public Integer call() throws Exception {
    ClusterDirectory d = dir.directory();
    ClusterSpec spec = d.loadSpec();
    Credentials credentials = d.credentials().load();
    DbUser u = DbUser.byUserName(user).orElseThrow(() -> new InvalidSettingException("no user '" + user
        + "' in this cluster: use one of " + Arrays.stream(DbUser.values()).map(DbUser::userName)
        .collect(Collectors.joining(", "))));
    InstanceAddress target = endpoint == Endpoint.write ? spec.writeEndpoint() : spec.readEndpoint();
    ServerDistribution dist = new ServerDistributions(System.getenv()).locate(spec.flavor());
    Path options = Files.createTempFile(d.root(), ".client-", ".cnf",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(options, "[client]\nuser=" + u.userName() + "\npassword=\"" + credentials.password(u)
          + "\"\nhost=" + target.host() + "\nport=" + target.port() + "\nprotocol=TCP\n");
      List<String> args = new ArrayList<>(List.of("--defaults-file=" + options));
      if (batch) {
        args.add("--batch");
      }
      if (execute != null) {
        args.addAll(List.of("-e", execute));
      }
      if (u == DbUser.APP) {
        args.add(spec.appDatabase());
      }
      Process p = new ProcessBuilder(dist.clientCommand(args.toArray(String[]::new))).inheritIO().start();
      return p.waitFor();
    } finally {
      Files.deleteIfExists(options);
    }
  }
}
