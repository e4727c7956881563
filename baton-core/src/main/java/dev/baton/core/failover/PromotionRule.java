package dev.baton.core.failover;

import dev.baton.core.cluster.InvalidSettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An operator's standing preference for promoting an instance, kept across restarts. Orchestrator's names. */
public enum PromotionRule {
  PREFER,
  NEUTRAL,
  PREFER_NOT,
  /** Never promoted, whatever it holds. */
  MUST_NOT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PromotionRule parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(r -> r.id().equals(wanted)).findFirst()
        .orElseThrow(() -> new InvalidSettingException("unknown promotion rule '" + InvalidSettingException.shown(text)
            + "': use one of " + Arrays.stream(values()).map(PromotionRule::id).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return id();
  }
}
