package dev.baton.backup;

import dev.baton.backup.manifest.BackupMethodName;
import dev.baton.backup.manifest.Manifest;
import dev.baton.backup.manifest.StoredObject;
import dev.baton.backup.method.BackupMethod;
import dev.baton.backup.method.BackupRun;
import dev.baton.backup.method.LocalServer;
import dev.baton.backup.method.ServerPosition;
import dev.baton.backup.pipeline.BackupDownload;
import dev.baton.backup.pipeline.Source;
import dev.baton.backup.pipeline.ToolProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A test method whose "backup tool" is a shell command: real processes, real exit statuses, no server. */
record ShellMethod(String script) implements BackupMethod {
  static final String RESTORED = "restored.out";

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
    ToolProcess sh = ToolProcess.producer("sh", List.of("sh", "-c", script));
    return new BackupRun() {
      @Override
      public String objectName() {
        return "out";
      }

      @Override
      public Source source() {
        return sh;
      }

      @Override
      public ServerPosition position() {
        return new ServerPosition("test", "", Optional.empty());
      }

      @Override
      public void close() {
        sh.close();
      }
    };
  }

  @Override
  public void restore(List<Manifest> chain, BackupDownload download, Path target, Path workDir) throws IOException {
    try (OutputStream out = Files.newOutputStream(target.resolve(RESTORED))) {
      for (StoredObject o : chain.get(0).objects()) {
        download.run(chain.get(0), o, out);
      }
    }
  }
}
