package dev.baton.cli;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.failover.PromotionRule;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operator's commands to the managers (Orchestrator's recover, graceful-master-takeover, ...). */
final class ManagerCommands {
  private ManagerCommands() {}

  @Command(name = "failover", description = {
      "Promote a replica now, as automatic recovery would (the primary need not be dead).",
      "Refused when the chosen replica lacks transactions another holds, or within the anti-flapping block."})
  static final class Failover extends ManagerCall {
    @Option(names = "--to", paramLabel = "HOST:PORT", description = "The replica to promote (default: the best one).")
    String to;

    @Option(names = "--force", description = "Ignore the anti-flapping block of an unacknowledged recovery.")
    boolean force;

    @Override
    String path() {
      return "/api/failover";
    }

    @Override
    Map<String, String> parameters() {
      Map<String, String> q = new HashMap<>();
      q.put("to", to == null ? null : InstanceAddress.parse(to).toString());
      q.put("force", force ? "true" : null);
      return q;
    }
  }

  @Command(name = "switchover", description = {
      "Hand the primary role to a replica with no transaction lost: the primary is fenced, the replica catches up,",
      "then is promoted. As in the seed, the old primary is left with replication stopped (downtimed) until",
      "'baton start-replica -i HOST:PORT'. Rolled back if the replica does not catch up in time."})
  static final class Switchover extends ManagerCall {
    @Option(names = "--to", paramLabel = "HOST:PORT", description = "The replica to promote (default: the best one).")
    String to;

    @Option(names = "--start-old-primary", description = "Start replication on the old primary at once.")
    boolean startOldPrimary;

    @Override
    String path() {
      return "/api/switchover";
    }

    @Override
    Map<String, String> parameters() {
      Map<String, String> q = new HashMap<>();
      q.put("to", to == null ? null : InstanceAddress.parse(to).toString());
      q.put("startOldPrimary", startOldPrimary ? "true" : null);
      return q;
    }
  }

  @Command(name = "pause", description = "Stop automatic recoveries (detection and the audit go on).")
  static final class Pause extends ManagerCall {
    @Override
    String path() {
      return "/api/pause";
    }
  }

  @Command(name = "resume", description = "Restart automatic recoveries.")
  static final class Resume extends ManagerCall {
    @Override
    String path() {
      return "/api/resume";
    }
  }

  @Command(name = "start-replica", description = "Start replication on a downtimed instance (an old primary after switchover).")
  static final class StartReplica extends ManagerCall {
    @Option(names = {"-i", "--instance"}, required = true, paramLabel = "HOST:PORT")
    String instance;

    @Override
    String path() {
      return "/api/start-replica";
    }

    @Override
    Map<String, String> parameters() {
      return Map.of("instance", InstanceAddress.parse(instance).toString());
    }
  }

  @Command(name = "promotion-rule", description = "Set an instance's standing promotion rule: prefer, neutral, prefer_not, must_not.")
  static final class SetPromotionRule extends ManagerCall {
    @Option(names = {"-i", "--instance"}, required = true, paramLabel = "HOST:PORT")
    String instance;

    @Parameters(paramLabel = "RULE")
    String rule;

    @Override
    String path() {
      return "/api/promotion-rule";
    }

    @Override
    Map<String, String> parameters() {
      return Map.of("instance", InstanceAddress.parse(instance).toString(), "rule", PromotionRule.parse(rule).id());
    }
  }

  @Command(name = "ack", description = "Acknowledge recoveries: lifts the anti-flapping block.")
  static final class Acknowledge extends ManagerCall {
    @Override
    String path() {
      return "/api/recoveries/ack";
    }
  }
}
