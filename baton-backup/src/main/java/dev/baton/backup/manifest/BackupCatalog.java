package dev.baton.backup.manifest;

import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectNotFoundException;
import dev.baton.backup.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One cluster's backups in a store, laid out as {@code {cluster}/full/{id}/},
 * {@code {cluster}/incremental/{id}/} (and {@code {cluster}/binlogs/} for the archiver). A backup
 * folder holds its objects, then {@value #MANIFEST}, then {@value #COMPLETE}, written last and
 * holding the manifest's SHA-256: a backup without it is incomplete, and a manifest changed after
 * completion no longer matches it.
 */
public final class BackupCatalog {
  public static final String MANIFEST = "manifest.json";
  public static final String COMPLETE = "COMPLETE";

  private final ObjectStore store;
  private final String cluster;

  public BackupCatalog(ObjectStore store, String cluster) {
    if (cluster.contains("/") || !cluster.equals(ObjectKey.of(cluster).value())) {
      throw new IllegalArgumentException("cluster name '" + cluster + "' must not contain '/'");
    }
    this.store = store;
    this.cluster = cluster;
  }

  public String cluster() {
    return cluster;
  }

  public ObjectStore store() {
    return store;
  }

  public ObjectKey folder(BackupId id) {
    return ObjectKey.of(cluster, id.kind().id(), id.toString());
  }

  public ObjectKey objectKey(BackupId id, String name) {
    return folder(id).resolve(name);
  }

  /** Refuses an id that already has anything in the store, so that a new backup never overwrites one. */
  public void checkUnused(BackupId id) throws IOException {
    if (!store.list(folder(id)).isEmpty()) {
      throw new BackupRefusedException("backup " + id + " already exists in " + where() + ": wait a second and retry");
    }
  }

  /** Writes the manifest, then the completion marker: from here on the backup is complete. */
  public void complete(Manifest m) throws IOException {
    if (!m.cluster().equals(cluster)) {
      throw new IllegalArgumentException("manifest of cluster " + m.cluster() + " given to the catalog of " + cluster);
    }
    byte[] json = ManifestJson.write(m);
    store.put(objectKey(m.id(), MANIFEST), new ByteArrayInputStream(json));
    StoredObject digest = Sha256Counter.digestAll(MANIFEST, new ByteArrayInputStream(json));
    store.put(objectKey(m.id(), COMPLETE), new ByteArrayInputStream(digest.sha256().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Removes a backup: its completion marker first, so that a removal cut short leaves an
   * incomplete backup (never restored) rather than a complete-looking one with objects missing.
   */
  public void delete(BackupId id) throws IOException {
    store.delete(objectKey(id, COMPLETE));
    for (ObjectKey k : store.list(folder(id))) {
      store.delete(k);
    }
  }

  /** Every backup of the cluster, complete or not, oldest first. */
  public List<CatalogEntry> list() throws IOException {
    List<CatalogEntry> entries = new ArrayList<>();
    for (BackupKind kind : BackupKind.values()) {
      SortedSet<BackupId> ids = new TreeSet<>();
      ObjectKey kindFolder = ObjectKey.of(cluster, kind.id());
      for (ObjectKey k : store.list(kindFolder)) {
        String[] rest = k.value().substring(kindFolder.value().length() + 1).split("/", 2);
        parseId(rest[0]).ifPresent(ids::add);
      }
      for (BackupId id : ids) {
        entries.add(entry(id));
      }
    }
    entries.sort(Comparator.comparing(CatalogEntry::id));
    return entries;
  }

  private CatalogEntry entry(BackupId id) throws IOException {
    try {
      return new CatalogEntry(id, true, Optional.of(manifest(id)));
    } catch (BackupRefusedException incompleteOrUnreadable) {
      return new CatalogEntry(id, false, Optional.empty());
    }
  }

  /** The manifest of a complete backup; refuses an unknown or incomplete one, or a manifest that does not match its marker. */
  public Manifest manifest(BackupId id) throws IOException {
    byte[] marker;
    try (InputStream in = store.get(objectKey(id, COMPLETE))) {
      marker = in.readAllBytes();
    } catch (ObjectNotFoundException e) {
      if (store.list(folder(id)).isEmpty()) {
        throw new BackupRefusedException("no backup " + id + " in " + where());
      }
      throw new BackupRefusedException("backup " + id + " in " + where()
          + " is incomplete (no completion marker): it was interrupted or failed and is never restored");
    }
    byte[] json;
    try (InputStream in = store.get(objectKey(id, MANIFEST))) {
      json = in.readAllBytes();
    } catch (ObjectNotFoundException e) {
      throw new BackupRefusedException("backup " + id + " in " + where() + " has lost its " + MANIFEST);
    }
    String expected = new String(marker, StandardCharsets.UTF_8).trim();
    String actual = Sha256Counter.digestAll(MANIFEST, new ByteArrayInputStream(json)).sha256();
    if (!expected.equals(actual)) {
      throw new BackupRefusedException("backup " + id + " in " + where() + ": " + MANIFEST + " was changed after the"
          + " backup completed (sha256 " + actual + ", marker says " + expected + ")");
    }
    return ManifestJson.read(json, objectKey(id, MANIFEST).toString());
  }

  /**
   * The backups to restore, in order, to arrive at {@code id}: its full backup first, then each
   * incremental. Refuses a chain with a missing, incomplete or mismatched link.
   */
  public List<Manifest> chain(BackupId id) throws IOException {
    List<Manifest> chain = new ArrayList<>();
    Manifest m = manifest(id);
    chain.add(0, m);
    while (m.parent().isPresent()) {
      BackupId parentId = m.parent().get();
      Manifest child = m;
      try {
        m = manifest(parentId);
      } catch (BackupRefusedException e) {
        throw new BackupRefusedException("backup " + id + " has a broken chain: its link " + child.id() + " needs "
            + parentId + ", which is unusable: " + e.getMessage());
      }
      if (child.lsns().isPresent() && m.lsns().isPresent() && child.lsns().get().from() != m.lsns().get().to()) {
        throw new BackupRefusedException("backup " + id + " has a broken chain: " + child.id() + " starts at LSN "
            + child.lsns().get().from() + " but its parent " + parentId + " ends at " + m.lsns().get().to());
      }
      chain.add(0, m);
    }
    return chain;
  }

  /** Reads every object of the backup and its parents and checks size and SHA-256; refuses on the first problem. */
  public List<Manifest> verify(BackupId id) throws IOException {
    List<Manifest> chain = chain(id);
    for (Manifest m : chain) {
      for (StoredObject o : m.objects()) {
        StoredObject actual;
        try {
          actual = Sha256Counter.digestAll(o.name(), store.get(objectKey(m.id(), o.name())));
        } catch (ObjectNotFoundException e) {
          throw new BackupRefusedException("backup " + m.id() + " is missing its object " + o.name() + " in " + where());
        }
        checkObject(m.id(), o, actual);
      }
    }
    return chain;
  }

  /** Refuses an object whose stored bytes differ from what the manifest recorded. */
  public void checkObject(BackupId id, StoredObject expected, StoredObject actual) {
    if (expected.size() != actual.size() || !expected.sha256().equals(actual.sha256())) {
      throw new BackupRefusedException("object " + objectKey(id, expected.name()) + " is corrupt: " + actual.size()
          + " bytes with sha256 " + actual.sha256() + ", the manifest says " + expected.size() + " bytes with sha256 "
          + expected.sha256());
    }
  }

  private String where() {
    return "cluster " + cluster + " at " + store.location();
  }

  private static Optional<BackupId> parseId(String text) {
    try {
      return Optional.of(BackupId.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
