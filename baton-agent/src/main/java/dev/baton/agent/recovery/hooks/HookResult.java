package dev.baton.agent.recovery.hooks;

/**
 * @param exitCode the command's exit status; -1 when it timed out or could not start
 * @param output the first part of what it printed (stdout and stderr together)
 */
public record HookResult(HookEvent event, String command, int exitCode, long millis, String output) {
  public boolean succeeded() {
    return exitCode == 0;
  }
}
