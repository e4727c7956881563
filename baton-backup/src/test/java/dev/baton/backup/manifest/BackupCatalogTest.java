package dev.baton.backup.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.backup.store.ObjectKey;
import dev.baton.core.cluster.Flavor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {
  static final BackupId FULL = BackupId.parse("20261126T093000Z-full");
  static final BackupId INC = BackupId.parse("20261126T100000Z-incremental");

  @TempDir
  Path root;
  DirectoryObjectStore store;
  BackupCatalog catalog;

  @BeforeEach
  void setUp() {
    store = new DirectoryObjectStore(root);
    catalog = new BackupCatalog(store, "c1");
  }

  Manifest stored(BackupId id, Optional<BackupId> parent, LsnRange lsns, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    store.put(catalog.objectKey(id, "data"), new ByteArrayInputStream(bytes));
    StoredObject o = Sha256Counter.digestAll("data", new ByteArrayInputStream(bytes));
    Manifest m = new Manifest(Manifest.FORMAT, "c1", id, parent, BackupMethodName.MARIADB_BACKUP, Flavor.MARIADB, "10.11",
        "/n1", id.startedAt(), id.startedAt(), "0-1-1", Optional.of(lsns), Compression.ZSTD, Encryption.NONE,
        bytes.length, List.of(o));
    catalog.complete(m);
    return m;
  }

  @Test
  void aCompletedBackupIsListedReadAndVerified() throws IOException {
    Manifest m = stored(FULL, Optional.empty(), new LsnRange(0, 100), "full data");
    assertThat(store.list(catalog.folder(FULL))).extracting(ObjectKey::name)
        .containsExactly(BackupCatalog.COMPLETE, "data", BackupCatalog.MANIFEST);
    assertThat(catalog.list()).containsExactly(new CatalogEntry(FULL, true, Optional.of(m)));
    assertThat(catalog.verify(FULL)).containsExactly(m);
  }

  @Test
  void aBackupWithoutMarkerIsListedIncompleteAndRefused() throws IOException {
    store.put(catalog.objectKey(FULL, "data"), new ByteArrayInputStream(new byte[10]));
    assertThat(catalog.list()).containsExactly(new CatalogEntry(FULL, false, Optional.empty()));
    assertThatThrownBy(() -> catalog.manifest(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessage("backup 20261126T093000Z-full in cluster c1 at " + root + " is incomplete (no completion marker):"
            + " it was interrupted or failed and is never restored");
  }

  @Test
  void anUnknownIdIsRefusedWithOneLine() {
    assertThatThrownBy(() -> catalog.verify(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessage("no backup 20261126T093000Z-full in cluster c1 at " + root);
  }

  @Test
  void anExistingIdIsNeverReused() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "x");
    assertThatThrownBy(() -> catalog.checkUnused(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void aCorruptedObjectIsCaughtByVerify() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "full data");
    Path file = root.resolve(catalog.objectKey(FULL, "data").value());
    byte[] bytes = Files.readAllBytes(file);
    bytes[3] ^= 0x01;
    Files.write(file, bytes);
    assertThatThrownBy(() -> catalog.verify(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessageStartingWith("object c1/full/20261126T093000Z-full/data is corrupt: 9 bytes with sha256 ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aMissingObjectIsCaughtByVerify() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "full data");
    store.delete(catalog.objectKey(FULL, "data"));
    assertThatThrownBy(() -> catalog.verify(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessage("backup 20261126T093000Z-full is missing its object data in cluster c1 at " + root);
  }

  @Test
  void aManifestChangedAfterCompletionIsRefused() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "full data");
    Path file = root.resolve(catalog.objectKey(FULL, BackupCatalog.MANIFEST).value());
    Files.writeString(file, Files.readString(file).replace("0-1-1", "0-1-9"));
    assertThatThrownBy(() -> catalog.manifest(FULL)).isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("was changed after the backup completed");
    assertThat(catalog.list()).singleElement().extracting(CatalogEntry::complete).isEqualTo(false);
  }

  @Test
  void aChainRunsFromTheFullBackupToTheIncremental() throws IOException {
    Manifest full = stored(FULL, Optional.empty(), new LsnRange(0, 100), "full");
    Manifest inc = stored(INC, Optional.of(FULL), new LsnRange(100, 150), "inc");
    assertThat(catalog.chain(INC)).containsExactly(full, inc);
    assertThat(catalog.verify(INC)).containsExactly(full, inc);
  }

  @Test
  void aChainWithAMissingParentIsBroken() throws IOException {
    stored(INC, Optional.of(FULL), new LsnRange(100, 150), "inc");
    assertThatThrownBy(() -> catalog.chain(INC)).isInstanceOf(BackupRefusedException.class)
        .hasMessage("backup 20261126T100000Z-incremental has a broken chain: its link 20261126T100000Z-incremental"
            + " needs 20261126T093000Z-full, which is unusable: no backup 20261126T093000Z-full in cluster c1 at " + root);
  }

  @Test
  void aChainWithAnLsnGapIsBroken() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "full");
    stored(INC, Optional.of(FULL), new LsnRange(120, 150), "inc");
    assertThatThrownBy(() -> catalog.chain(INC)).isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("starts at LSN 120 but its parent 20261126T093000Z-full ends at 100");
  }

  @Test
  void backupsOfOtherClustersAreNotListed() throws IOException {
    stored(FULL, Optional.empty(), new LsnRange(0, 100), "x");
    assertThat(new BackupCatalog(store, "c2").list()).isEmpty();
    assertThat(new BackupCatalog(store, "c1").list()).hasSize(1);
  }
}
