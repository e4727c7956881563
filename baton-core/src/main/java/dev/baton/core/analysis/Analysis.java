package dev.baton.core.analysis;

import dev.baton.core.cluster.InstanceAddress;
import java.util.Objects;

/**
 * One finding about one instance (for cluster-wide findings, the primary).
 *
 * @param details a human-readable explanation with the observed values behind the finding
 */
public record Analysis(AnalysisCode code, InstanceAddress instance, String details) {
  public Analysis {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(details, "details");
  }

  @Override
  public String toString() {
    return code + " " + instance + ": " + details;
  }
}
