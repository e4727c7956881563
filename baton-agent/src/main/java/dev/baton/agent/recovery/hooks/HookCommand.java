package dev.baton.agent.recovery.hooks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hook's shell command with Orchestrator-style placeholders ({failureType}, {failedHost},
 * {failedPort}, {successorHost}, {successorPort}, {clusterAlias}, {lostReplicas}, {isSuccessful},
 * {command}, {epoch}). Each value is substituted single-quoted, so that no value can change the
 * command's shape; the same values are passed as environment variables (BATON_FAILURE_TYPE, ...).
 */
public final class HookCommand {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private HookCommand() {}

  /** The command with every known placeholder replaced; unknown ones are left as written. */
  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : shellQuote(value)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The values as environment variables: {@code failedHost} becomes {@code BATON_FAILED_HOST}. */
  public static Map<String, String> environment(Map<String, String> values) {
    Map<String, String> env = new LinkedHashMap<>();
    values.forEach((k, v) -> env.put("BATON_" + k.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT), v));
    return env;
  }

  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
