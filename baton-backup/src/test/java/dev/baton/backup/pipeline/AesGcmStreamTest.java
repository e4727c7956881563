package dev.baton.backup.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AesGcmStreamTest {
  static final int CHUNK = 16;
  static final BackupKey KEY = new BackupKey(new byte[32]);

  static byte[] encrypt(byte[] plain, BackupKey key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AesGcmEncryptingStream enc = new AesGcmEncryptingStream(out, key, CHUNK)) {
      enc.write(plain, 0, plain.length / 2);
      enc.write(plain, plain.length / 2, plain.length - plain.length / 2);
    }
    return out.toByteArray();
  }

  static byte[] decrypt(byte[] sealed, BackupKey key) throws IOException {
    try (AesGcmDecryptingStream in = new AesGcmDecryptingStream(new ByteArrayInputStream(sealed), key)) {
      return in.readAllBytes();
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 1000})
  void roundTripsAnyLength(int length) throws IOException {
    byte[] plain = random(length);
    byte[] sealed = encrypt(plain, KEY);
    int chunks = Math.max(1, (length + CHUNK - 1) / CHUNK);
    assertThat(sealed).hasSize(AesGcmChunks.HEADER_LENGTH + length + chunks * AesGcmChunks.TAG_LENGTH);
    assertThat(decrypt(sealed, KEY)).isEqualTo(plain);
  }

  @Test
  void aStreamCutAtAChunkBoundaryFailsAuthentication() throws IOException {
    byte[] sealed = encrypt(random(3 * CHUNK), KEY);
    byte[] cut = Arrays.copyOf(sealed, AesGcmChunks.HEADER_LENGTH + 2 * (CHUNK + AesGcmChunks.TAG_LENGTH));
    assertThatThrownBy(() -> decrypt(cut, KEY)).isInstanceOf(IOException.class)
        .hasMessageContaining("chunk 1 failed authentication");
  }

  @Test
  void aChangedByteFailsAuthentication() throws IOException {
    byte[] sealed = encrypt(random(100), KEY);
    sealed[sealed.length - 20] ^= 1;
    assertThatThrownBy(() -> decrypt(sealed, KEY)).hasMessageContaining("failed authentication");
  }

  @Test
  void theWrongKeyFailsAuthentication() throws IOException {
    byte[] other = new byte[32];
    other[0] = 1;
    byte[] sealed = encrypt(random(100), KEY);
    assertThatThrownBy(() -> decrypt(sealed, new BackupKey(other))).hasMessageContaining("wrong key");
  }

  @Test
  void twoEncryptionsOfTheSameDataDiffer() throws IOException {
    byte[] plain = random(100);
    assertThat(encrypt(plain, KEY)).isNotEqualTo(encrypt(plain, KEY));
  }

  @Test
  void theKeyIsNeverPrinted() {
    assertThat(KEY).hasToString("BackupKey[hidden]");
    assertThatThrownBy(() -> new BackupKey(new byte[16])).hasMessageContaining("must be 32 bytes");
  }
}
