package dev.baton.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** One in-process run of the baton command with its output captured, as a user would see it. */
record CliRun(int exitCode, String out, String err) {
  static CliRun baton(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (dir != null) {
      all.add("--dir");
      all.add(dir.toString());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(all.toArray(String[]::new));
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * The CLI in a JVM of its own, as a user runs it, with extra environment variables; for what
   * an in-process run cannot show (the environment, output of programs it starts).
   */
  static CliRun process(Map<String, String> env, Path dir, String... args) {
    List<String> cmd = new ArrayList<>(JavaLauncher.batonCommand());
    cmd.addAll(List.of(args));
    if (dir != null) {
      cmd.addAll(List.of("--dir", dir.toString()));
    }
    try {
      Path out = Files.createTempFile("baton-out-", ".txt");
      Path err = Files.createTempFile("baton-err-", ".txt");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("baton " + List.of(args) + " did not finish within 2 minutes");
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The error output as lines, for checking that a refusal is exactly one line. */
  List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
