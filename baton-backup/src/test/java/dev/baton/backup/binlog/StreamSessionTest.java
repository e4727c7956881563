package dev.baton.backup.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backup.store.DirectoryObjectStore;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.mysql.server.ServerDistribution;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose "binlog tool" is a script that writes a real MariaDB binlog stream, as
 * mariadb-binlog --raw would, and then waits: the cutting and the upload without a server.
 */
class StreamSessionTest {
  static final InstanceAddress PRIMARY = new InstanceAddress("127.0.0.1", 3310);
  static final ArchiverSettings FAST = new ArchiverSettings(Duration.ofMillis(100), 64 * 1024, Duration.ofMillis(20),
      Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(50), 1, 1, Duration.ofSeconds(1));

  @TempDir
  Path dir;
  ServerDistribution dist;
  FlakyStore store;
  BinlogArchive archive;

  @BeforeEach
  void fakeTool() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fixture = Files.write(dir.resolve("stream.bin"), BinlogScannerTest.fixture("mariadb-gtid-stream.bin"));
    Path tool = bin.resolve("mariadb-binlog");
    Files.writeString(tool, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --result-file=*) out=\"${a#--result-file=}\";;"
        + " esac; done\ncp " + fixture + " \"${out}binlog.000001\"\nexec sleep 30\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
    dist = new ServerDistribution(Flavor.MARIADB, List.of(), Path.of("/bin/false"), bin.resolve("mariadb"),
        Optional.empty(), Map.of());
    store = new FlakyStore(new DirectoryObjectStore(dir.resolve("store")));
    archive = new BinlogArchive(store, "c1", Optional.empty(), 1);
  }

  StreamSession start() throws Exception {
    Path options = Files.writeString(dir.resolve("stream.cnf"), "[client]\n");
    return StreamSession.start(archive, dist, PRIMARY, options, dir.resolve("work"), new GtidState(Flavor.MARIADB, "0-1-3"),
        Instant.parse("2026-11-26T10:18:00Z"), FAST, Clock.systemUTC());
  }

  @Test
  void completeTransactionsBecomeOnePieceThatConcatenatesBackToTheStream() throws Exception {
    try (StreamSession s = start()) {
      awaitPiece(s);
      BinlogArchive.Listing l = archive.list();
      assertThat(l.pieces()).singleElement().satisfies(p -> {
        assertThat(p.segment()).isEqualTo("20261126T101800000Z-binlog.000001");
        assertThat(p.before()).isEqualTo(new GtidState(Flavor.MARIADB, "0-1-3"));
        assertThat(p.after()).isEqualTo(new GtidState(Flavor.MARIADB, "0-1-6"));
        assertThat(p.transactions()).isEqualTo(3);
        assertThat(p.firstCommit()).isEqualTo(Instant.parse("2026-11-26T10:18:39Z"));
        assertThat(p.lastCommit()).isEqualTo(Instant.parse("2026-11-26T10:18:59Z"));
        assertThat(p.source()).isEqualTo("127.0.0.1:3310");
      });
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      archive.download(l.pieces().get(0), back);
      assertThat(back.toByteArray()).isEqualTo(BinlogScannerTest.fixture("mariadb-gtid-stream.bin"));
      assertThat(s.position()).isEqualTo(new GtidState(Flavor.MARIADB, "0-1-6"));
    }
  }

  /** A piece whose sidecar never arrived is not in the archive; a later attempt stores it whole. */
  @Test
  void anInterruptedUploadIsNeverMarkedCompleteAndIsRetried() throws Exception {
    store.failPutsOf(k -> k.name().endsWith(BinlogArchive.SIDECAR_SUFFIX));
    try (StreamSession s = start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (archive.list().orphans().isEmpty() && System.nanoTime() < deadline) {
        s.poll(false);
        Thread.sleep(20);
      }
      BinlogArchive.Listing failed = archive.list();
      assertThat(failed.pieces()).isEmpty();
      assertThat(failed.orphans()).hasSize(1);
      assertThat(s.position()).isEqualTo(new GtidState(Flavor.MARIADB, "0-1-3"));

      store.failPutsOf(k -> k.name().endsWith(BinlogArchive.DATA_SUFFIX));
      Thread.sleep(100);
      s.poll(true);
      assertThat(archive.list().pieces()).isEmpty();

      store.failPutsOf(k -> false);
      awaitPiece(s);
      BinlogArchive.Listing l = archive.list();
      assertThat(l.pieces()).hasSize(1);
      assertThat(l.orphans()).isEmpty();
      assertThat(l.pieces().get(0).after()).isEqualTo(new GtidState(Flavor.MARIADB, "0-1-6"));
    }
  }

  void awaitPiece(StreamSession s) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (archive.list().pieces().isEmpty()) {
      assertThat(System.nanoTime()).as("a piece within 20 s").isLessThan(deadline);
      s.poll(false);
      Thread.sleep(20);
    }
  }
}
