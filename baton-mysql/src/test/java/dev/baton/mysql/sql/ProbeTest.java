package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeTest {

  @Test
  void gtidSetsBrokenOverLinesAreJoined() {
    String raw = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4a11fa47-71ca-11e1-9e33-c80aa9429562:1-9";

    assertThat(Probe.normalizeGtids(raw))
        .isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4a11fa47-71ca-11e1-9e33-c80aa9429562:1-9");
  }

  @Test
  void windowsLineBreaksAndSurroundingBlanksAreRemoved() {
    assertThat(Probe.normalizeGtids("  0-1-100,\r\n1-2-7 \n")).isEqualTo("0-1-100,1-2-7");
  }

  @Test
  void aMissingSetIsEmpty() {
    assertThat(Probe.normalizeGtids(null)).isEmpty();
  }

  @Test
  void aSetOnOneLineIsUnchanged() {
    assertThat(Probe.normalizeGtids("0-1-42")).isEqualTo("0-1-42");
  }
}
