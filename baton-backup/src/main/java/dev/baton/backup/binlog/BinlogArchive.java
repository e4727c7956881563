package dev.baton.backup.binlog;

import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.ManifestJson;
import dev.baton.backup.manifest.Sha256Counter;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.pipeline.BackupKey;
import dev.baton.backup.pipeline.ObjectCodec;
import dev.baton.backup.store.ObjectKey;
import dev.baton.backup.store.ObjectNotFoundException;
import dev.baton.backup.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cluster's archived binlogs in a store, under {@code {cluster}/binlogs/}:
 * <pre>
 * {segment}/{seq}.binlog.zst   a piece's bytes (zstd, then AES-GCM when a key is given)
 * {segment}/{seq}.json         its sidecar, written last: only a piece with one exists
 * gaps/{time}.json             breaks the archiver recorded
 * current.json                 the archiver's latest checkpoint, overwritten as it goes
 * </pre>
 * Pieces are written data first, sidecar last, and removed sidecar first, so that a reader never
 * sees a piece whose data is missing or partly written.
 */
public final class BinlogArchive {
  public static final String FOLDER = "binlogs";
  static final String GAPS = "gaps";
  static final String CHECKPOINT = "current.json";
  static final String DATA_SUFFIX = ".binlog.zst";
  static final String SIDECAR_SUFFIX = ".json";
  private static final DateTimeFormatter GAP_NAME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final String cluster;
  private final Optional<BackupKey> key;
  private final int zstdLevel;

  public BinlogArchive(ObjectStore store, String cluster, Optional<BackupKey> key, int zstdLevel) {
    this.store = store;
    this.cluster = cluster;
    this.key = key;
    this.zstdLevel = zstdLevel;
  }

  /**
   * What the archive holds: complete pieces in archive order, recorded gaps, the latest checkpoint,
   * and data objects without a sidecar.
   */
  public record Listing(List<BinlogPiece> pieces, List<ArchiveGap> gaps, Optional<ArchiveCheckpoint> checkpoint,
      List<ObjectKey> orphans) {
    public Listing {
      pieces = List.copyOf(pieces);
      gaps = List.copyOf(gaps);
      orphans = List.copyOf(orphans);
    }
  }

  public String cluster() {
    return cluster;
  }

  public ObjectStore store() {
    return store;
  }

  public Listing list() throws IOException {
    ObjectKey root = root();
    Set<String> sidecars = new TreeSet<>();
    List<ObjectKey> data = new ArrayList<>();
    List<ArchiveGap> gaps = new ArrayList<>();
    Optional<ArchiveCheckpoint> checkpoint = Optional.empty();
    for (ObjectKey k : store.list(root)) {
      String rest = k.value().substring(root.value().length() + 1);
      if (rest.equals(CHECKPOINT)) {
        checkpoint = Optional.of(read(k, ArchiveCheckpoint.class));
      } else if (rest.startsWith(GAPS + "/")) {
        gaps.add(read(k, ArchiveGap.class));
      } else if (rest.endsWith(SIDECAR_SUFFIX)) {
        sidecars.add(rest.substring(0, rest.length() - SIDECAR_SUFFIX.length()));
      } else if (rest.endsWith(DATA_SUFFIX)) {
        data.add(k);
      }
    }
    List<BinlogPiece> pieces = new ArrayList<>();
    for (String name : sidecars) {
      pieces.add(read(root.resolve(name + SIDECAR_SUFFIX), BinlogPiece.class));
    }
    pieces.sort(Comparator.comparing(BinlogPiece::segment).thenComparingInt(BinlogPiece::seq));
    gaps.sort(Comparator.comparing(ArchiveGap::detectedAt));
    List<ObjectKey> orphans = data.stream().filter(k -> {
      String rest = k.value().substring(root.value().length() + 1);
      return !sidecars.contains(rest.substring(0, rest.length() - DATA_SUFFIX.length()));
    }).toList();
    return new Listing(pieces, gaps, checkpoint, orphans);
  }

  /** Stores a piece: its data, then its sidecar, stamped with the time the data was in the store. */
  BinlogPiece store(PieceDraft draft, byte[] binlog, Clock clock) throws IOException {
    ByteArrayOutputStream encoded = new ByteArrayOutputStream(binlog.length / 2 + 64);
    try (OutputStream out = ObjectCodec.encoder(encoded, key, zstdLevel)) {
      out.write(binlog);
    }
    byte[] stored = encoded.toByteArray();
    ObjectKey dataKey = dataKey(draft.segment(), draft.seq());
    StoredObject object = Sha256Counter.digestAll(dataKey.name(), new ByteArrayInputStream(stored));
    store.put(dataKey, new ByteArrayInputStream(stored));
    BinlogPiece piece = draft.stored(ObjectCodec.encryption(key), object, clock.instant());
    store.put(sidecarKey(piece.segment(), piece.seq()), new ByteArrayInputStream(ManifestJson.writeValue(piece)));
    return piece;
  }

  public void recordGap(ArchiveGap gap) throws IOException {
    store.put(gapKey(gap), new ByteArrayInputStream(ManifestJson.writeValue(gap)));
  }

  public void recordCheckpoint(ArchiveCheckpoint checkpoint) throws IOException {
    store.put(root().resolve(CHECKPOINT), new ByteArrayInputStream(ManifestJson.writeValue(checkpoint)));
  }

  /** Writes a piece's binlog bytes to {@code sink}, after checking the stored bytes' SHA-256 and size. */
  public void download(BinlogPiece piece, OutputStream sink) throws IOException {
    ObjectKey k = dataKey(piece.segment(), piece.seq());
    byte[] stored;
    try (InputStream in = store.get(k)) {
      stored = in.readAllBytes();
    } catch (ObjectNotFoundException e) {
      throw new BackupRefusedException("binlog piece " + piece + " has lost its data object " + k + " in "
          + store.location());
    }
    StoredObject actual = Sha256Counter.digestAll(k.name(), new ByteArrayInputStream(stored));
    if (actual.size() != piece.object().size() || !actual.sha256().equals(piece.object().sha256())) {
      throw new BackupRefusedException("binlog piece " + k + " is corrupt: " + actual.size() + " bytes with sha256 "
          + actual.sha256() + ", its sidecar says " + piece.object().size() + " bytes with sha256 "
          + piece.object().sha256());
    }
    long written;
    try (InputStream plain = ObjectCodec.decoder(new ByteArrayInputStream(stored), piece.compression(), piece.encryption(), key,
        "binlog piece " + piece)) {
      written = plain.transferTo(sink);
    }
    if (written != piece.length()) {
      throw new BackupRefusedException("binlog piece " + k + " decodes to " + written + " bytes, its sidecar says "
          + piece.length());
    }
  }

  /** Removes a whole segment, sidecars first so that no listed piece ever lacks its data. */
  public void deleteSegment(String segment) throws IOException {
    List<ObjectKey> all = store.list(root().resolve(segment));
    for (ObjectKey k : all) {
      if (k.name().endsWith(SIDECAR_SUFFIX)) {
        store.delete(k);
      }
    }
    for (ObjectKey k : all) {
      store.delete(k);
    }
  }

  public void deleteGap(ArchiveGap gap) throws IOException {
    store.delete(gapKey(gap));
  }

  public void deleteOrphan(ObjectKey orphan) throws IOException {
    if (!orphan.isUnder(root()) || !orphan.name().endsWith(DATA_SUFFIX)) {
      throw new IllegalArgumentException(orphan + " is not a binlog piece of cluster " + cluster);
    }
    store.delete(orphan);
  }

  private ObjectKey root() {
    return ObjectKey.of(cluster, FOLDER);
  }

  ObjectKey dataKey(String segment, int seq) {
    return root().resolve(segment).resolve(pieceName(seq) + DATA_SUFFIX);
  }

  ObjectKey sidecarKey(String segment, int seq) {
    return root().resolve(segment).resolve(pieceName(seq) + SIDECAR_SUFFIX);
  }

  private ObjectKey gapKey(ArchiveGap gap) {
    return root().resolve(GAPS).resolve(GAP_NAME.format(gap.detectedAt()) + SIDECAR_SUFFIX);
  }

  private static String pieceName(int seq) {
    return String.format("%06d", seq);
  }

  private <T> T read(ObjectKey k, Class<T> type) throws IOException {
    try (InputStream in = store.get(k)) {
      return ManifestJson.read(in.readAllBytes(), type, k.toString());
    }
  }
}
