package dev.baton.core.analysis;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Test fixture: one probe of one instance, built fluently from a healthy starting point.
 * {@code Probe.replicaOf(R1, P).threads(false, false).error("...")} reads as the state it describes.
 */
final class Probe {
  static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
  static final String UUID_P = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  static final String UUID_R = "4a6b8c2d-71ca-11e1-9e33-c80aa9429563";
  static final String UUID_S = "5b7c9d3e-71ca-11e1-9e33-c80aa9429564";

  private final InstanceAddress address;
  private boolean readOnly;
  private boolean superReadOnly;
  private String gtids = "";
  private Optional<ReplicaStatus> replica = Optional.empty();

  private Probe(InstanceAddress address) {
    this.address = address;
  }

  static InstanceAddress address(int port) {
    return new InstanceAddress("127.0.0.1", port);
  }

  /** Writable, no replication configured. */
  static Probe primary(InstanceAddress a) {
    return new Probe(a);
  }

  /** Read-only, both threads running from {@code source}, no lag, no error. */
  static Probe replicaOf(InstanceAddress a, InstanceAddress source) {
    Probe p = new Probe(a);
    p.readOnly = true;
    p.superReadOnly = true;
    p.replica = Optional.of(new ReplicaStatus(source, true, true, Optional.of(0L), Optional.empty(), ""));
    return p;
  }

  static InstanceObservation unreachable(InstanceAddress a) {
    return InstanceObservation.unreachable(a, AT, "Connection refused");
  }

  Probe gtids(String executed) {
    this.gtids = executed;
    return this;
  }

  Probe readOnly(boolean readOnly, boolean superReadOnly) {
    this.readOnly = readOnly;
    this.superReadOnly = superReadOnly;
    return this;
  }

  Probe noReplication() {
    this.replica = Optional.empty();
    return this;
  }

  Probe threads(boolean io, boolean sql) {
    return status(s -> new ReplicaStatus(s.source(), io, sql, s.lagSeconds(), s.lastError(), s.retrievedGtids()));
  }

  Probe lag(Optional<Long> seconds) {
    return status(s -> new ReplicaStatus(s.source(), s.ioRunning(), s.sqlRunning(), seconds, s.lastError(),
        s.retrievedGtids()));
  }

  Probe lag(long seconds) {
    return lag(Optional.of(seconds));
  }

  Probe error(String lastError) {
    return status(s -> new ReplicaStatus(s.source(), s.ioRunning(), s.sqlRunning(), s.lagSeconds(),
        Optional.of(lastError), s.retrievedGtids()));
  }

  private Probe status(UnaryOperator<ReplicaStatus> change) {
    this.replica = Optional.of(change.apply(replica.orElseThrow(
        () -> new IllegalStateException(address + " has no replication configured"))));
    return this;
  }

  InstanceObservation observed() {
    return new InstanceObservation(address, AT, true, Optional.empty(), "8.4.0", "uuid-" + address.port(), readOnly,
        superReadOnly, gtids, replica);
  }
}
