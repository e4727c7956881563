package dev.baton.backup.manifest;

import java.util.Optional;

/**
 * A backup found in the store. An incomplete one (no completion marker: interrupted, failed, or
 * still running), or one whose manifest no longer matches its marker, is listed so that an
 * operator sees it, and is never restored.
 */
public record CatalogEntry(BackupId id, boolean complete, Optional<Manifest> manifest) {}
