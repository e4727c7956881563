package dev.baton.cli.bench;

import dev.baton.core.cluster.ClusterSpec;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;

/** Medians of a failover benchmark as a Markdown section, appended to the benchmark report. */
final class FailoverReport {
  static final String SECTION = "## Failover (issue 3)";

  private FailoverReport() {}

  /** {@code loadAverage}: the machine's 1-minute load average as the run began, for context. */
  static String markdown(ClusterSpec spec, String mode, List<FailoverRound> rounds, Instant at, String loadAverage) {
    StringBuilder sb = new StringBuilder();
    sb.append("### Failover, mode ").append(mode).append(", ").append(spec.flavor()).append(", ")
        .append(spec.nodes().size()).append(" nodes — ").append(at).append("\n\n");
    sb.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("os.name")).append(" ").append(System.getProperty("os.version"))
        .append(", load average ").append(loadAverage).append(" at the start")
        .append("; settings: defaults (poll 1 s, 2 confirmations, re-probe 200 ms, master_lock bound to the Raft"
            + " leadership with a ").append(dev.baton.coord.raft.RaftSettings.TAKEOVER_DELAY.toMillis())
        .append(" ms takeover delay, semi-sync)")
        .append("; command: `./baton bench failover --mode ").append(mode).append(" --rounds ").append(rounds.size())
        .append(" --flavor ").append(spec.flavor()).append("`\n\n");
    sb.append("| rounds | new Raft leader ms | detection ms | promotion ms | fault → first write ms | writes blocked ms"
        + " | failed statements and connects | of which connection attempts | acknowledged rows lost | errant replicas"
        + " | samples with 2 writable |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    long newLeader = median(rounds, FailoverRound::newLeaderMillis);
    sb.append("| ").append(rounds.size())
        .append(" | ").append(newLeader < 0 ? "–" : Long.toString(newLeader))
        .append(" | ").append(median(rounds, FailoverRound::detectionMillis))
        .append(" | ").append(median(rounds, FailoverRound::promotionMillis))
        .append(" | ").append(median(rounds, FailoverRound::firstWriteMillis))
        .append(" | ").append(median(rounds, FailoverRound::blockedMillis))
        .append(" | ").append(sum(rounds, FailoverRound::failedAttempts)).append(" (total)")
        .append(" | ").append(sum(rounds, FailoverRound::failedConnects)).append(" (total)")
        .append(" | ").append(sum(rounds, FailoverRound::lostRows)).append(" (total)")
        .append(" | ").append(sum(rounds, FailoverRound::errantReplicas)).append(" (total)")
        .append(" | ").append(sum(rounds, FailoverRound::writableOverlaps)).append(" (total)")
        .append(" |\n\nPer round (ms): fault → first write ")
        .append(rounds.stream().map(r -> Long.toString(r.firstWriteMillis())).toList()).append("\n");
    return sb.toString();
  }

  static long median(List<FailoverRound> rounds, ToLongFunction<FailoverRound> f) {
    long[] v = rounds.stream().mapToLong(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static long sum(List<FailoverRound> rounds, ToLongFunction<FailoverRound> f) {
    return rounds.stream().mapToLong(f).sum();
  }
}
