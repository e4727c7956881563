package dev.baton.agent.api;

import dev.baton.agent.recovery.Command;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.InvalidSettingException;
import dev.baton.core.failover.PromotionRule;
import java.util.Map;
import java.util.Optional;

/** Maps {@code POST /api/...} calls to manager commands, with one-line errors for bad parameters. */
final class ApiCommands {
  private ApiCommands() {}

  static Optional<Command> parse(String path, Map<String, String> q) {
    return Optional.ofNullable(switch (path) {
      case "api/failover" -> new Command.Failover(address(q, "to"), flag(q, "force"));
      case "api/switchover" -> new Command.Switchover(address(q, "to"), flag(q, "startOldPrimary"));
      case "api/pause" -> new Command.Pause();
      case "api/resume" -> new Command.Resume();
      case "api/recoveries/ack" -> new Command.Acknowledge();
      case "api/start-replica" -> new Command.StartReplica(required(q, "instance"));
      case "api/rebuilt" -> new Command.Rebuilt(required(q, "instance"));
      case "api/promotion-rule" -> new Command.SetPromotionRule(required(q, "instance"),
          PromotionRule.parse(Optional.ofNullable(q.get("rule")).orElseThrow(
              () -> new InvalidSettingException("rule is missing: use prefer, neutral, prefer_not or must_not"))));
      default -> null;
    });
  }

  private static Optional<InstanceAddress> address(Map<String, String> q, String name) {
    return Optional.ofNullable(q.get(name)).filter(s -> !s.isBlank()).map(InstanceAddress::parse);
  }

  private static InstanceAddress required(Map<String, String> q, String name) {
    return address(q, name).orElseThrow(() -> new InvalidSettingException(name + " is missing: give it as HOST:PORT"));
  }

  private static boolean flag(Map<String, String> q, String name) {
    String v = q.getOrDefault(name, "false");
    if (!v.equals("true") && !v.equals("false") && !v.isEmpty()) {
      throw new InvalidSettingException(name + " must be true or false, got '" + InvalidSettingException.shown(v) + "'");
    }
    return v.equals("true") || v.isEmpty() && q.containsKey(name);
  }
}
