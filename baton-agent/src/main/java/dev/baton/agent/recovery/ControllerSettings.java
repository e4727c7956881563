package dev.baton.agent.recovery;

import dev.baton.core.analysis.AnalysisSettings;
import dev.baton.core.analysis.DetectionSettings;
import dev.baton.core.failover.FailoverSettings;
import java.time.Duration;

/** Everything that shapes the manager's decisions, each part with its documented defaults. */
public record ControllerSettings(AnalysisSettings analysis, DetectionSettings detection, FailoverSettings failover,
    Duration leaseTtl) {
  public static final ControllerSettings DEFAULTS = new ControllerSettings(AnalysisSettings.DEFAULTS,
      DetectionSettings.DEFAULTS, FailoverSettings.DEFAULTS, LeaseKeeper.DEFAULT_TTL);
}
