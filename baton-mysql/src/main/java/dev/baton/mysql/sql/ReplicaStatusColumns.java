package dev.baton.mysql.sql;

/** Column names of a flavor's replica status statement. */
public record ReplicaStatusColumns(
    String sourceHost,
    String sourcePort,
    String ioRunning,
    String sqlRunning,
    String lagSeconds,
    String lastIoError,
    String lastSqlError,
    String retrievedGtids) {}
