package dev.baton.cli.bench;

import picocli.CommandLine.Command;

/** Benchmarks that print figures and record them in docs/benchmarks.md. */
@Command(name = "bench", description = "Run a benchmark and append its figures to docs/benchmarks.md.",
    subcommands = {BenchFailoverCommand.class})
public final class BenchCommand {}
