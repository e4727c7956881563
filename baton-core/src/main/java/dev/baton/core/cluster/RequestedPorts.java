package dev.baton.core.cluster;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The endpoint ports a user asked for by name ({@code --write-port}, {@code --read-port}). A
 * requested port is used as given or not at all: when it is taken, creation stops and says so,
 * where a chosen port would be replaced by the next free one.
 */
public record RequestedPorts(OptionalInt write, OptionalInt read) {
  public static final RequestedPorts NONE = new RequestedPorts(OptionalInt.empty(), OptionalInt.empty());

  public RequestedPorts {
    if (write.isPresent() && write.equals(read)) {
      throw new InvalidSettingException("--write-port and --read-port are both " + write.getAsInt()
          + ": give the endpoints different ports");
    }
    checkRange(write, "--write-port");
    checkRange(read, "--read-port");
  }

  /** The option that asked for the port, when one did. */
  public Optional<String> optionFor(int port) {
    if (write.equals(OptionalInt.of(port))) {
      return Optional.of("--write-port");
    }
    return read.equals(OptionalInt.of(port)) ? Optional.of("--read-port") : Optional.empty();
  }

  /** The one line that says a requested port is taken and what to do about it. */
  public String takenMessage(String host, int port) {
    String option = optionFor(port).orElseThrow();
    return "port " + host + ":" + port + " (" + option + ") is taken by another program: stop it, or choose another "
        + option;
  }

  private static void checkRange(OptionalInt port, String option) {
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw new InvalidSettingException(option + " " + port.getAsInt() + " is not a port: use 1-65535");
    }
  }
}
