package dev.baton.backup.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.binlog.ArchiveGap;
import dev.baton.core.cluster.Flavor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  static Manifest incremental() {
    BackupId parent = BackupId.parse("20261126T093000Z-full");
    return new Manifest(Manifest.FORMAT, "c1", new BackupId(Instant.parse("2026-11-26T10:15:30.250Z"),
        BackupKind.INCREMENTAL), Optional.of(parent), BackupMethodName.MARIADB_BACKUP, Flavor.MARIADB,
        "10.11.19-MariaDB-log", "/srv/baton/n2", Instant.parse("2026-11-26T10:15:30.250Z"),
        Instant.parse("2026-11-26T10:16:02Z"), "0-1-42", Optional.of(new LsnRange(44404, 50211)), Compression.ZSTD,
        Encryption.AES_256_GCM, 123_456_789L, List.of(new StoredObject("backup.xbstream.zst", 4242, "ab".repeat(32))));
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Manifest m = incremental();
    byte[] json = ManifestJson.write(m);
    assertThat(ManifestJson.read(json, "test")).isEqualTo(m);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"id\" : \"20261126T101530Z-incremental\"", "\"parent\" : \"20261126T093000Z-full\"",
        "\"method\" : \"mariadb-backup\"", "\"flavor\" : \"mariadb\"", "\"compression\" : \"zstd\"",
        "\"encryption\" : \"aes-256-gcm\"", "\"startedAt\" : \"2026-11-26T10:15:30.250Z\"", "\"from\" : 44404");
  }

  @Test
  void aFullBackupHasNoParentAndNoLsnsWhenTheMethodHasNone() throws Exception {
    Manifest full = new Manifest(Manifest.FORMAT, "c1", BackupId.parse("20261126T093000Z-full"), Optional.empty(),
        BackupMethodName.CLONE, Flavor.MYSQL, "9.7.4", "/n1", Instant.EPOCH, Instant.EPOCH, "uuid:1-5",
        Optional.empty(), Compression.ZSTD, Encryption.NONE, 1, List.of());
    assertThat(ManifestJson.read(ManifestJson.write(full), "test")).isEqualTo(full);
    assertThat(new String(ManifestJson.write(full), StandardCharsets.UTF_8)).doesNotContain("\"parent\" : \"");
  }

  @Test
  void aGapRecordedBeforeGapsCarriedACheckpointReadsAsVouchingForNothingAfterItsLastCommit() throws Exception {
    String old = "{\"format\": 1, \"cluster\": \"c1\", \"detectedAt\": \"2026-11-26T10:00:00Z\", \"archived\": \"0-1-5\","
        + " \"resumedFrom\": \"0-1-9\", \"primary\": \"127.0.0.1:3311\", \"reason\": \"purged\"}";
    ArchiveGap gap = ManifestJson.read(old.getBytes(StandardCharsets.UTF_8), ArchiveGap.class, "gaps/x.json");
    assertThat(gap.completeUntil()).isEmpty();
    ArchiveGap checked = new ArchiveGap(1, "c1", Instant.EPOCH, "0-1-5", "0-1-9", "p", "purged",
        Optional.of(Instant.parse("2026-11-26T09:59:58Z")));
    assertThat(ManifestJson.read(ManifestJson.writeValue(checked), ArchiveGap.class, "gaps/y.json")).isEqualTo(checked);
  }

  @Test
  void anIncrementalWithoutParentIsRejected() {
    Manifest m = incremental();
    assertThatThrownBy(() -> new Manifest(m.format(), m.cluster(), m.id(), Optional.empty(), m.method(), m.flavor(),
        m.serverVersion(), m.source(), m.startedAt(), m.finishedAt(), m.gtidSet(), m.lsns(), m.compression(),
        m.encryption(), m.sourceBytes(), m.objects())).hasMessageContaining("needs a parent");
  }

  @Test
  void unreadableJsonIsOneLineNamingTheObject() {
    assertThatThrownBy(() -> ManifestJson.read("{\"id\": 12".getBytes(StandardCharsets.UTF_8), "c1/full/x/manifest.json"))
        .hasMessageStartingWith("c1/full/x/manifest.json is not a readable manifest");
  }

  @Test
  void backupIdsSortByTimeAsTextAndRefuseOtherShapes() {
    BackupId a = BackupId.parse("20261126T093000Z-full");
    BackupId b = new BackupId(Instant.parse("2026-11-26T09:30:01.999Z"), BackupKind.INCREMENTAL);
    assertThat(b).hasToString("20261126T093001Z-incremental");
    assertThat(a).isLessThan(b);
    assertThat(BackupId.parse(b.toString())).isEqualTo(b);
    assertThatThrownBy(() -> BackupId.parse("2026-11-26-full")).hasMessage(
        "'2026-11-26-full' is not a backup id: write it as 20261126T093000Z-full or 20261126T093000Z-incremental");
    assertThatThrownBy(() -> BackupId.parse("20261126T093000Z-partial")).hasMessageContaining("is not a backup id");
  }
}
