package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command answers --help with its usage, as the one-line usage errors tell the user to try. */
class HelpTest {
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(Main.commandLine(), List.of(), all);
    return all.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
    all.add(path);
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) {
        List<String> subPath = new ArrayList<>(path);
        subPath.add(name);
        collect(sub, subPath, all);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpPrintsTheCommandsUsage(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");

    CliRun run = CliRun.baton(null, args.toArray(String[]::new));

    assertThat(run.exitCode()).as("exit code of baton %s --help", path).isZero();
    assertThat(run.err()).isEmpty();
    String command = String.join(" ", Stream.concat(Stream.of("baton"), path.stream()).toList());
    assertThat(run.out()).contains("Usage: " + command + " [");
  }
}
