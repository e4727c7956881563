package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backup.manifest.Compression;
import dev.baton.backup.pipeline.PipelineSettings;
import dev.baton.core.cluster.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupContextTest {
  @Test
  void compressionIsZstdUnlessTheEnvironmentSaysNone() {
    assertThat(BackupContext.pipeline(Map.of())).isEqualTo(PipelineSettings.DEFAULTS);
    assertThat(BackupContext.pipeline(Map.of(BackupContext.ENV_COMPRESSION, "none")).compression())
        .isEqualTo(Compression.NONE);
    assertThatThrownBy(() -> BackupContext.pipeline(Map.of(BackupContext.ENV_COMPRESSION, "lz4")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("BATON_BACKUP_COMPRESSION=lz4: unknown compression 'lz4': use zstd or none");
  }
}
