package dev.baton.agent.recovery.hooks;

import java.util.Locale;

/** When a hook runs. Orchestrator's names, so that existing hook scripts carry over. */
public enum HookEvent {
  /** Before a failover; a non-zero exit vetoes it. */
  PRE_FAILOVER,
  POST_FAILOVER,
  POST_UNSUCCESSFUL_FAILOVER,
  /** Before a switchover; a non-zero exit vetoes it. */
  PRE_SWITCHOVER,
  POST_SWITCHOVER;

  public boolean canVeto() {
    return this == PRE_FAILOVER || this == PRE_SWITCHOVER;
  }

  /** The key in hooks.json, e.g. {@code preFailover}. */
  public String key() {
    String[] words = name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return sb.toString();
  }
}
