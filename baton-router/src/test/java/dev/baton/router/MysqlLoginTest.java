package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** The login's byte work, against greetings captured from real servers and independently computed scrambles. */
class MysqlLoginTest {
  private static final byte[] NONCE = new byte[20];

  static {
    for (int i = 0; i < NONCE.length; i++) {
      NONCE[i] = (byte) (i + 1);
    }
  }

  @Test
  void scramblesMatchWhatTheServersCompute() throws Exception {
    // Computed with Python's hashlib from the plugins' definitions, not with this code.
    assertThat(HexFormat.of().formatHex(MysqlLogin.scramble(MysqlLogin.NATIVE_PASSWORD, "secret-pw", NONCE)))
        .isEqualTo("1e58b73f68d9dafb7b3e186a5419a21c9e153b15");
    assertThat(HexFormat.of().formatHex(MysqlLogin.scramble(MysqlLogin.CACHING_SHA2_PASSWORD, "secret-pw", NONCE)))
        .isEqualTo("702fa0e474391a0956d714f772bc509eee0b17df5d3148085e353830a638211c");
  }

  @Test
  void anEmptyPasswordIsSentEmpty() throws Exception {
    assertThat(MysqlLogin.scramble(MysqlLogin.CACHING_SHA2_PASSWORD, "", NONCE)).isEmpty();
  }

  @Test
  void anUnknownPluginIsRefusedWithItsName() {
    assertThatThrownBy(() -> MysqlLogin.scramble("client_ed25519", "pw", NONCE))
        .hasMessageContaining("client_ed25519");
  }

  @Test
  void aMysqlGreetingGivesVersionNonceAndPlugin() throws Exception {
    MysqlLogin.Greeting g = MysqlLogin.greeting(HexFormat.of().parseHex(Greetings.MYSQL));

    assertThat(g.serverVersion()).startsWith("9.7");
    assertThat(g.nonce()).hasSize(20).doesNotContain((byte) 0);
    assertThat(g.plugin()).isEqualTo(MysqlLogin.CACHING_SHA2_PASSWORD);
  }

  @Test
  void aMariadbGreetingGivesVersionNonceAndPlugin() throws Exception {
    MysqlLogin.Greeting g = MysqlLogin.greeting(HexFormat.of().parseHex(Greetings.MARIADB));

    assertThat(g.serverVersion()).contains("MariaDB");
    assertThat(g.nonce()).hasSize(20).doesNotContain((byte) 0);
    assertThat(g.plugin()).isEqualTo(MysqlLogin.NATIVE_PASSWORD);
  }

  @Test
  void anErrorInsteadOfAGreetingIsReportedWithCodeAndMessage() {
    byte[] tooMany =
        concat(new byte[] {(byte) 0xFF, 0x10, 0x04}, "Too many connections".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> MysqlLogin.greeting(tooMany)).hasMessage("1040 Too many connections");
  }

  @Test
  void theHandshakeResponseCarriesUserScrambleAndPlugin() throws Exception {
    MysqlLogin.Greeting g = new MysqlLogin.Greeting("9.7.0", NONCE, MysqlLogin.NATIVE_PASSWORD);

    byte[] p = MysqlLogin.handshakeResponse("monitor", "secret-pw", g);

    String text = new String(p, StandardCharsets.ISO_8859_1);
    assertThat(text.substring(32)).startsWith("monitor\0");
    assertThat(p[32 + 8]).isEqualTo((byte) 20);
    assertThat(HexFormat.of().formatHex(p, 32 + 9, 32 + 29)).isEqualTo("1e58b73f68d9dafb7b3e186a5419a21c9e153b15");
    assertThat(text).endsWith("mysql_native_password\0");
  }

  @Test
  void anAuthSwitchIsAnsweredForTheNewPluginAndNonce() throws Exception {
    byte[] plugin = "mysql_native_password\0".getBytes(StandardCharsets.US_ASCII);
    byte[] request = concat(concat(new byte[] {(byte) 0xFE}, plugin), concat(NONCE, new byte[1]));

    MysqlLogin.Switch s = MysqlLogin.authSwitch(request, "secret-pw");

    assertThat(s.plugin()).isEqualTo(MysqlLogin.NATIVE_PASSWORD);
    assertThat(s.nonce()).isEqualTo(NONCE);
    assertThat(HexFormat.of().formatHex(s.response())).isEqualTo("1e58b73f68d9dafb7b3e186a5419a21c9e153b15");
  }

  @Test
  void theFullLoginEncryptsThePasswordForTheServersKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    String pem = "-----BEGIN PUBLIC KEY-----\n" + lines.encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";

    byte[] sealed = MysqlLogin.encryptPassword("secret-pw", NONCE, pem.getBytes(StandardCharsets.US_ASCII));

    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    rsa.init(Cipher.DECRYPT_MODE, pair.getPrivate());
    byte[] plain = rsa.doFinal(sealed);
    for (int i = 0; i < plain.length; i++) {
      plain[i] ^= NONCE[i % NONCE.length];
    }
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("secret-pw\0");
  }

  @Test
  void errorsKeepTheirSqlState() {
    byte[] denied = concat(new byte[] {(byte) 0xFF, 0x15, 0x04, '#', '2', '8', '0', '0', '0'},
        "Access denied for user 'monitor'".getBytes(StandardCharsets.UTF_8));

    assertThat(MysqlLogin.error(denied)).hasMessage("1045 (28000) Access denied for user 'monitor'");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Greeting payloads (without the 4-byte packet header) as MySQL 9.7 and MariaDB 10.11 sent them to a socket. */
  private static final class Greetings {
    static final String MYSQL =
        "0a392e372e342d3200100000004633744d1815582f00ffffff0200ffdf15000000000000000000002e1e586b7b23683a"
        + "7f05646a0063616368696e675f736861325f70617373776f726400";
    static final String MARIADB =
        "0a352e352e352d31302e31312e31392d4d6172696144422d302b646562313275312d6c6f67000c0000006a6a595e4e4a"
        + "684e00fef7080200ff81150000000000001d0000002b2d40383a56275c7a745427006d7973716c5f6e61746976655f70"
        + "617373776f726400";
  }
}
