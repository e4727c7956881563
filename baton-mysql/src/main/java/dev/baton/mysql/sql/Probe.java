package dev.baton.mysql.sql;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.ReplicaStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/** Reads one observation of an instance over an open connection. */
public final class Probe {
  private final Dialect dialect;

  public Probe(Dialect dialect) {
    this.dialect = dialect;
  }

  public InstanceObservation observe(InstanceAddress address, Connection c, Instant at) throws SQLException {
    try (Statement s = c.createStatement()) {
      String uuid;
      boolean readOnly;
      boolean superReadOnly;
      String gtids;
      String version;
      try (ResultSet rs = s.executeQuery(dialect.instanceQuery())) {
        rs.next();
        uuid = rs.getString(1);
        readOnly = rs.getInt(2) != 0;
        superReadOnly = rs.getInt(3) != 0;
        gtids = normalizeGtids(rs.getString(4));
        version = rs.getString(5);
      }
      Optional<ReplicaStatus> replica;
      try (ResultSet rs = s.executeQuery(dialect.replicaStatusQuery())) {
        replica = rs.next() ? Optional.of(replicaStatus(rs)) : Optional.empty();
      }
      if (replica.filter(r -> !r.sqlRunning() && r.lastError().isPresent()).isPresent()
          && dialect.applierErrorQuery().isPresent()) {
        replica = Optional.of(withApplierError(s, replica.get()));
      }
      return new InstanceObservation(address, at, true, Optional.empty(), version, uuid, readOnly, superReadOnly, gtids,
          replica);
    }
  }

  /** The executed GTIDs alone: re-read on the primary after its replicas were probed. */
  public String executedGtids(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.executedGtidsQuery())) {
      rs.next();
      return normalizeGtids(rs.getString(1));
    }
  }

  private ReplicaStatus withApplierError(Statement s, ReplicaStatus r) throws SQLException {
    try (ResultSet rs = s.executeQuery(dialect.applierErrorQuery().get())) {
      if (rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank()) {
        return new ReplicaStatus(r.source(), r.ioRunning(), r.sqlRunning(), r.lagSeconds(), Optional.of(rs.getString(1)),
            r.retrievedGtids());
      }
      return r;
    }
  }

  private ReplicaStatus replicaStatus(ResultSet rs) throws SQLException {
    ReplicaStatusColumns col = dialect.replicaStatusColumns();
    InstanceAddress source = new InstanceAddress(rs.getString(col.sourceHost()), rs.getInt(col.sourcePort()));
    String lag = rs.getString(col.lagSeconds());
    String ioError = rs.getString(col.lastIoError());
    String sqlError = rs.getString(col.lastSqlError());
    Optional<String> lastError = Optional.ofNullable(sqlError).filter(e -> !e.isBlank())
        .or(() -> Optional.ofNullable(ioError).filter(e -> !e.isBlank()));
    return new ReplicaStatus(
        source,
        "Yes".equalsIgnoreCase(rs.getString(col.ioRunning())),
        "Yes".equalsIgnoreCase(rs.getString(col.sqlRunning())),
        lag == null ? Optional.empty() : Optional.of(Long.parseLong(lag)),
        lastError,
        normalizeGtids(rs.getString(col.retrievedGtids())));
  }

  /** MySQL breaks long GTID sets over lines; the set is the same without the breaks. */
  static String normalizeGtids(String raw) {
    return raw == null ? "" : raw.replace("\n", "").replace("\r", "").trim();
  }
}
