package dev.baton.backup.manifest;

/**
 * One object of a backup as stored (after compression and encryption).
 *
 * @param name the object's name inside the backup's folder
 * @param size bytes stored
 * @param sha256 hex SHA-256 of the stored bytes, checked on verify and on every restore
 */
public record StoredObject(String name, long size, String sha256) {}
