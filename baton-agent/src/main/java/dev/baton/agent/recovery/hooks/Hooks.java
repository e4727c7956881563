package dev.baton.agent.recovery.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shell commands configured for recovery events in {@code hooks.json}, e.g.
 * <pre>
 * {"preFailover": ["/usr/local/bin/page-oncall {failureType} {failedHost}"],
 *  "postFailover": ["aws elbv2 register-targets ... {successorHost}"],
 *  "timeoutSeconds": 30}
 * </pre>
 * The file is read at each event, so edits apply without restarting the agents. Each command
 * runs with {@code sh -c}, its own timeout, and its output kept (bounded) for the audit record.
 */
public final class Hooks {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Output kept per hook for the audit record. */
  public static final int MAX_OUTPUT = 4096;
  private static final Logger log = LoggerFactory.getLogger(Hooks.class);

  private final Path file;

  public Hooks(Path file) {
    this.file = file;
  }

  /** Runs the event's commands in order; a vetoing event stops at the first failure. */
  public List<HookResult> run(HookEvent event, Map<String, String> values) {
    List<HookResult> results = new ArrayList<>();
    Config config = config();
    for (String template : config.commands(event)) {
      HookResult r = runOne(event, HookCommand.render(template, values), HookCommand.environment(values), config.timeout());
      results.add(r);
      log.info("hook {} exited {} after {} ms: {}", event.key(), r.exitCode(), r.millis(), r.command());
      if (event.canVeto() && !r.succeeded()) {
        break;
      }
    }
    return results;
  }

  private record Config(JsonNode json, Duration timeout) {
    List<String> commands(HookEvent event) {
      List<String> out = new ArrayList<>();
      JsonNode node = json.path(event.key());
      if (node.isTextual()) {
        out.add(node.asText());
      }
      node.forEach(c -> out.add(c.asText()));
      return out;
    }
  }

  private Config config() {
    if (!Files.exists(file)) {
      return new Config(Json.MAPPER.createObjectNode(), DEFAULT_TIMEOUT);
    }
    try {
      JsonNode json = Json.MAPPER.readTree(file.toFile());
      long seconds = json.path("timeoutSeconds").asLong(DEFAULT_TIMEOUT.toSeconds());
      return new Config(json, Duration.ofSeconds(Math.max(1, seconds)));
    } catch (IOException e) {
      log.error("{} cannot be read ({}); no hooks run until it is fixed", file, e.getMessage());
      return new Config(Json.MAPPER.createObjectNode(), DEFAULT_TIMEOUT);
    }
  }

  private static HookResult runOne(HookEvent event, String command, Map<String, String> env, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> firstBytes(p.getInputStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new HookResult(event, command, -1, elapsed(t0), "timed out after " + timeout.toSeconds() + " s");
      }
      return new HookResult(event, command, p.exitValue(), elapsed(t0), output.get(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      return new HookResult(event, command, -1, elapsed(t0), "could not run: " + e.getMessage());
    }
  }

  private static String firstBytes(InputStream in) {
    try {
      byte[] all = in.readAllBytes();
      return new String(all, 0, Math.min(all.length, MAX_OUTPUT), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "(output lost: " + e.getMessage() + ")";
    }
  }

  private static long elapsed(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
