package dev.baton.cli;

import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.cluster.PortInUseException;
import dev.baton.mysql.server.ServerNotFoundException;
import dev.baton.router.EndpointBindException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baton} command. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    // Every subcommand gets --help and --version too: the one-line usage errors point to --help.
    scope = CommandLine.ScopeType.INHERIT,
    version = "baton 0.1.0",
    description = "Runs highly available MySQL and MariaDB clusters: GTID replication, endpoints, failover, backups.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      CredentialsCommand.class,
      SqlCommand.class,
      ManagerCommands.Failover.class,
      ManagerCommands.Switchover.class,
      RecoveriesCommand.class,
      RaftCommand.class,
      ReseedCommand.class,
      ManagerCommands.Pause.class,
      ManagerCommands.Resume.class,
      ManagerCommands.StartReplica.class,
      ManagerCommands.SetPromotionRule.class,
      BackupCommand.class,
      RestoreCommand.class,
      RouterCommand.class,
      dev.baton.cli.bench.BenchCommand.class,
      AgentCommand.class,
      ArchiverCommand.class,
      BenchBackupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Set to 1 to see stack traces of unexpected errors. */
  public static final String ENV_DEBUG = "BATON_DEBUG";

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::usageError);
    return cl;
  }

  /**
   * A mistyped command line gets one line naming the mistake and where the usage is, not
   * picocli's default of the whole usage text, in which the mistake scrolls out of sight.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      suggestion = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
    }
    PrintWriter err = cl.getErr();
    err.println(command + ": " + e.getMessage() + suggestion + " (see '" + command + " --help')");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** User mistakes and refused states get one line and exit 1; anything else is an internal error. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof InvalidSettingException || e instanceof ClusterStateException || e instanceof ServerNotFoundException
        || e instanceof EndpointBindException || e instanceof BackupRefusedException || e instanceof PortInUseException) {
      err.println("baton: " + e.getMessage());
      return 1;
    }
    err.println("baton: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    if ("1".equals(System.getenv(ENV_DEBUG))) {
      e.printStackTrace(err);
    } else if (!(e instanceof java.io.IOException)) {
      err.println("baton: (unexpected " + e.getClass().getName() + "; set " + ENV_DEBUG + "=1 for details)");
    }
    err.flush();
    return 1;
  }
}
