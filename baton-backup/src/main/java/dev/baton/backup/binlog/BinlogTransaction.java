package dev.baton.backup.binlog;

import java.time.Instant;

/**
 * One whole transaction in a binlog file: its GTID, the bytes it spans ({@code start} inclusive,
 * {@code end} exclusive) and when it committed on the primary. The commit time has microseconds on
 * MySQL (the GTID event's immediate commit timestamp) and whole seconds on MariaDB (the event
 * header), which is all a MariaDB binlog records.
 */
public record BinlogTransaction(GtidState gtid, long start, long end, Instant committedAt) {}
