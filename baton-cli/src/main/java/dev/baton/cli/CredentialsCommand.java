package dev.baton.cli;

import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "credentials", description = {
    "Print a database user's password (for scripts), or, without USER, the users and where their passwords are kept.",
    "The credentials file stays mode 0600; a file others can read is refused."})
final class CredentialsCommand implements Callable<Integer> {
  @Spec CommandSpec cmd;
  @Mixin ClusterDirOption dir;

  @Parameters(arity = "0..1", paramLabel = "USER", description = "root, repl, backup, monitor, baton or app")
  String user;

  @Override
  public Integer call() throws Exception {
    var store = dir.directory().credentials();
    dir.directory().loadSpec();
    Credentials credentials = store.load();
    PrintWriter out = cmd.commandLine().getOut();
    if (user == null) {
      out.println("Users (passwords in " + store.file() + ", mode 0600):");
      for (DbUser u : DbUser.values()) {
        out.println("  " + u.userName());
      }
      out.println("Print one with: baton credentials USER");
      return 0;
    }
    DbUser u = DbUser.byUserName(user).orElseThrow(() -> new InvalidSettingException("no user '" + user
        + "' in this cluster: use one of " + Arrays.stream(DbUser.values()).map(DbUser::userName)
        .collect(Collectors.joining(", "))));
    out.println(credentials.password(u));
    return 0;
  }
}
