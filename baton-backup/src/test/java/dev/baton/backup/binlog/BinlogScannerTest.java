package dev.baton.backup.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.Flavor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real binlog streams, as mysqlbinlog and mariadb-binlog wrote them with --raw from a MySQL 9.7 and
 * a MariaDB 10.11 server resuming at a GTID: a CREATE TABLE, a two-row INSERT, a one-row INSERT.
 */
class BinlogScannerTest {
  static final String MYSQL_UUID = "a427803a-e982-11f1-93c2-02fc00000001";

  @TempDir
  Path dir;

  @Test
  void findsMysqlTransactionsWithTheirBoundariesAndMicrosecondCommitTimes() throws Exception {
    List<BinlogTransaction> found = scanWhole("mysql-gtid-stream.bin", Flavor.MYSQL);
    assertThat(found).extracting(t -> t.gtid().text()).containsExactly(MYSQL_UUID + ":4", MYSQL_UUID + ":5",
        MYSQL_UUID + ":6");
    assertThat(found).extracting(BinlogTransaction::start).containsExactly(158L, 371L, 655L);
    assertThat(found).extracting(BinlogTransaction::end).containsExactly(371L, 655L, 932L);
    assertThat(found.get(0).committedAt()).isEqualTo(Instant.parse("2026-11-26T10:18:39.132101Z"));
    assertThat(found.get(2).committedAt()).isEqualTo(Instant.parse("2026-11-26T10:18:43.908412Z"));
  }

  @Test
  void findsMariadbTransactionsIncludingAStandaloneDdl() throws Exception {
    List<BinlogTransaction> found = scanWhole("mariadb-gtid-stream.bin", Flavor.MARIADB);
    assertThat(found).extracting(t -> t.gtid().text()).containsExactly("0-1-4", "0-1-5", "0-1-6");
    assertThat(found).extracting(BinlogTransaction::start).containsExactly(368L, 535L, 764L);
    assertThat(found).extracting(BinlogTransaction::end).containsExactly(535L, 764L, 978L);
    assertThat(found.get(2).committedAt()).isEqualTo(Instant.parse("2026-11-26T10:18:59Z"));
  }

  /** The tool appends in arbitrary chunks: the scanner must never report a transaction before it is whole. */
  @Test
  void aFileReadWhileItGrowsGivesTheSameTransactionsAndCommitsOnlyBetweenThem() throws Exception {
    for (String name : List.of("mysql-gtid-stream.bin", "mariadb-gtid-stream.bin")) {
      Flavor flavor = name.startsWith("mysql") ? Flavor.MYSQL : Flavor.MARIADB;
      byte[] all = fixture(name);
      List<BinlogTransaction> whole = scanWhole(name, flavor);
      List<Long> boundaries = new ArrayList<>(List.of(0L));
      whole.forEach(t -> boundaries.add(t.end()));
      for (int chunk : new int[] {1, 7, 19, 64, 333}) {
        Path file = dir.resolve(name + "-" + chunk);
        BinlogScanner scanner = new BinlogScanner(flavor, name);
        List<BinlogTransaction> found = new ArrayList<>();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
          for (int at = 0; at < all.length; at += chunk) {
            out.write(ByteBuffer.wrap(all, at, Math.min(chunk, all.length - at)));
            found.addAll(scanner.scan(in));
            long committed = scanner.committedOffset();
            assertThat(committed == 0 || committed == 4 || committed <= whole.get(0).start()
                || boundaries.contains(committed)).as("committed offset %d with %d bytes written", committed, at).isTrue();
          }
        }
        assertThat(found).as("%s in chunks of %d", name, chunk).isEqualTo(whole);
        assertThat(scanner.committedOffset()).isEqualTo(all.length);
      }
    }
  }

  @Test
  void aFileThatIsNotABinlogIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-binlog"), "hello, world");
    try (FileChannel ch = FileChannel.open(file)) {
      assertThatThrownBy(() -> new BinlogScanner(Flavor.MYSQL, "not-a-binlog").scan(ch))
          .isInstanceOf(IOException.class).hasMessageContaining("not a binlog file");
    }
  }

  List<BinlogTransaction> scanWhole(String name, Flavor flavor) throws IOException {
    Path file = Files.write(dir.resolve(name), fixture(name));
    try (FileChannel ch = FileChannel.open(file)) {
      return new BinlogScanner(flavor, name).scan(ch);
    }
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = BinlogScannerTest.class.getResourceAsStream("/binlog/" + name)) {
      return in.readAllBytes();
    }
  }
}
