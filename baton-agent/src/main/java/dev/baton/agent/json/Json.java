package dev.baton.agent.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.core.failover.Step;

/** The one JSON mapping used for files and the API: enums by their ids, times as ISO-8601. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addMixIn(Step.class, StepMixin.class);

  /** Plans are stored with their steps; the step's kind is written as "type" (core carries no Jackson annotations). */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Step.HoldWrites.class, name = "hold-writes"),
    @JsonSubTypes.Type(value = Step.FenceOldPrimary.class, name = "fence-old-primary"),
    @JsonSubTypes.Type(value = Step.AwaitRelayLogApplied.class, name = "await-relay-log-applied"),
    @JsonSubTypes.Type(value = Step.AwaitCaughtUp.class, name = "await-caught-up"),
    @JsonSubTypes.Type(value = Step.Promote.class, name = "promote"),
    @JsonSubTypes.Type(value = Step.Repoint.class, name = "repoint"),
    @JsonSubTypes.Type(value = Step.PublishTopology.class, name = "publish-topology")
  })
  private interface StepMixin {}

  private Json() {}
}
