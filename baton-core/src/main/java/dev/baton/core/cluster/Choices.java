package dev.baton.core.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads a setting that is one of a few words, e.g. a flavor, refusing any other word with the list of good ones. */
final class Choices {
  private Choices() {}

  /**
   * @param what the setting's name in the refusal, e.g. "flavor"
   * @throws InvalidSettingException when {@code text} is none of the values' ids
   */
  static <E> E parse(E[] values, Function<E, String> id, String what, String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values)
        .filter(v -> id.apply(v).equals(wanted))
        .findFirst()
        .orElseThrow(() -> new InvalidSettingException("unknown " + what + " '" + InvalidSettingException.shown(text)
            + "': use one of " + Arrays.stream(values).map(id).collect(Collectors.joining(", "))));
  }
}
