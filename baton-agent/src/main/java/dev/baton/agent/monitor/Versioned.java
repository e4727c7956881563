package dev.baton.agent.monitor;

/** A value with the version under which it was published; versions only grow. */
public record Versioned<T>(long version, T value) {}
