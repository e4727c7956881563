package dev.baton.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMarkTest {
  @TempDir Path tmp;

  @Test
  void readsOnlyWhatWasAppendedAfterTheMark() throws Exception {
    Path log = tmp.resolve("err.log");
    Files.writeString(log, "an earlier run: Address already in use\n");
    LogMark mark = LogMark.at(log);
    Files.writeString(log, "this run\n", StandardOpenOption.APPEND);

    assertThat(mark.textSince()).isEqualTo("this run\n");
  }

  @Test
  void aLogThatDidNotExistYetIsReadWhole() throws Exception {
    Path log = tmp.resolve("new.log");
    LogMark mark = LogMark.at(log);
    assertThat(mark.textSince()).isEmpty();

    Files.writeString(log, "first line\n");
    assertThat(mark.textSince()).isEqualTo("first line\n");
  }
}
