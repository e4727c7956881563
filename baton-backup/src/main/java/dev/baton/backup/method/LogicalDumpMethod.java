package dev.baton.backup.method;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.BackupRefusedException;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.Source;
import dev.baton.backup.pipeline.ToolProcess;
import dev.baton.core.cluster.Flavor;
import dev.baton.mysql.server.ServerDistribution;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last resort on either flavor: mysqldump or mariadb-dump in one consistent transaction
 * (InnoDB), with the binlog position and GTIDs written into the dump as comments or statements.
 * The dump's first and last bytes are kept as they stream by, so the manifest gets the version
 * and GTID set without a second pass. Restoring yields the SQL file to load into a fresh server.
 */
public final class LogicalDumpMethod implements BackupMethod {
  public static final String OBJECT = "dump.sql";
  public static final String RESTORED_FILE = "dump.sql";
  /** The version and GTID lines lie this close to the start or the end of a dump. */
  static final int EDGE_BYTES = 64 * 1024;
  private static final Pattern VERSION = Pattern.compile("(?m)^-- Server version\\s+(\\S+)");
  private static final Pattern MYSQL_GTID = Pattern.compile("(?s)SET @@GLOBAL.GTID_PURGED=(?:/\\*!80000 '\\+'\\*/ )?'([^']*)'");
  private static final Pattern MARIADB_GTID = Pattern.compile("SET GLOBAL gtid_slave_pos\\s*=\\s*'([^']*)'");

  private final Flavor flavor;
  private final List<String> dumpTool;

  /** @param dumpTool the command that runs mysqldump (MySQL) or mariadb-dump (MariaDB) */
  public LogicalDumpMethod(Flavor flavor, List<String> dumpTool) {
    this.flavor = flavor;
    this.dumpTool = List.copyOf(dumpTool);
  }

  /** The dump tool that ships beside the distribution's client. */
  public static LogicalDumpMethod of(ServerDistribution dist) {
    String name = dist.flavor() == Flavor.MYSQL ? "mysqldump" : "mariadb-dump";
    return new LogicalDumpMethod(dist.flavor(), dist.command(dist.client().resolveSibling(name)));
  }

  @Override
  public BackupMethodName name() {
    return BackupMethodName.LOGICAL;
  }

  @Override
  public boolean supportsIncremental() {
    return false;
  }

  @Override
  public BackupRun start(LocalServer server, Optional<Manifest> parent, Path workDir) throws IOException {
    if (parent.isPresent()) {
      throw new BackupRefusedException("a logical dump is always full; incremental backups need a physical method");
    }
    List<String> cmd = new ArrayList<>(dumpTool);
    cmd.add("--defaults-file=" + server.writeClientOptions(workDir));
    cmd.addAll(List.of("--single-transaction", "--all-databases", "--routines", "--events", "--triggers",
        "--hex-blob", "--quick"));
    cmd.addAll(flavor == Flavor.MYSQL
        ? List.of("--source-data=2", "--set-gtid-purged=ON")
        : List.of("--master-data=2", "--gtid"));
    ToolProcess dump = ToolProcess.producer(dumpTool.get(dumpTool.size() - 1), cmd);
    EdgeCapture edges = new EdgeCapture(dump.stream());
    Source source = new Source() {
      @Override
      public String name() {
        return dump.name();
      }

      @Override
      public InputStream stream() {
        return edges;
      }

      @Override
      public void awaitSuccess(Duration timeout) throws IOException, InterruptedException {
        dump.awaitSuccess(timeout);
      }

      @Override
      public void close() {
        dump.close();
      }
    };
    return new BackupRun() {
      @Override
      public String objectName() {
        return OBJECT;
      }

      @Override
      public Source source() {
        return source;
      }

      @Override
      public ServerPosition position() {
        return parseEdges(edges.text(), flavor);
      }

      @Override
      public void close() {
        dump.close();
      }
    };
  }

  static ServerPosition parseEdges(String text, Flavor flavor) {
    Matcher v = VERSION.matcher(text);
    Matcher g = (flavor == Flavor.MYSQL ? MYSQL_GTID : MARIADB_GTID).matcher(text);
    return new ServerPosition(v.find() ? v.group(1) : "", g.find() ? g.group(1).replace("\n", "") : "",
        Optional.empty());
  }

  @Override
  public void restore(List<Manifest> chain, BackupDownload download, Path target, Path workDir) throws IOException {
    if (chain.size() != 1) {
      throw new BackupRefusedException("a logical dump has no incrementals, but the chain has " + chain.size() + " links");
    }
    Manifest m = chain.get(0);
    try (OutputStream out = Files.newOutputStream(target.resolve(RESTORED_FILE))) {
      for (StoredObject o : m.objects()) {
        download.run(m, o, out);
      }
    }
  }

  /**
   * Keeps the first and the last {@link #EDGE_BYTES} of a stream as they pass: mysqldump writes
   * the GTID set at the top, mariadb-dump its gtid_slave_pos at the bottom.
   */
  private static final class EdgeCapture extends FilterInputStream {
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail = new byte[EDGE_BYTES];
    private long total;

    EdgeCapture(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        if (head.size() < EDGE_BYTES) {
          head.write(b, off, Math.min(n, EDGE_BYTES - head.size()));
        }
        for (int i = Math.max(0, n - EDGE_BYTES); i < n; i++) {
          tail[(int) ((total + i) % EDGE_BYTES)] = b[off + i];
        }
        total += n;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** The head, then the tail in stream order. */
    String text() {
      int kept = (int) Math.min(total, EDGE_BYTES);
      byte[] last = new byte[kept];
      for (int i = 0; i < kept; i++) {
        last[i] = tail[(int) ((total - kept + i) % EDGE_BYTES)];
      }
      return head.toString(StandardCharsets.UTF_8) + "\n" + new String(last, StandardCharsets.UTF_8);
    }
  }
}
