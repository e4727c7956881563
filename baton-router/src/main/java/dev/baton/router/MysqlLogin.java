package dev.baton.router;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The client's half of a MySQL login (protocol 4.1), as far as a health check needs it: read the
 * server's greeting, answer with user and scrambled password for {@code mysql_native_password}
 * (MariaDB) or {@code caching_sha2_password} (MySQL 8+), including the RSA exchange the latter
 * asks for when the server has not cached the account's hash yet. Pure byte work, so every
 * step is tested without a server.
 */
final class MysqlLogin {
  static final String NATIVE_PASSWORD = "mysql_native_password";
  static final String CACHING_SHA2_PASSWORD = "caching_sha2_password";
  /** Marker bytes of packets the server sends during a login. */
  static final int OK = 0x00;
  static final int MORE_DATA = 0x01;
  static final int AUTH_SWITCH = 0xFE;
  static final int ERR = 0xFF;
  /** caching_sha2_password's answers inside a MORE_DATA packet. */
  static final int FAST_AUTH_OK = 0x03;
  static final int FULL_AUTH_NEEDED = 0x04;
  /** Asks a caching_sha2_password server for its RSA public key. */
  static final byte[] PUBLIC_KEY_REQUEST = {0x02};
  static final byte[] COM_QUIT = {0x01};

  private static final int PROTOCOL_V10 = 10;
  private static final int CLIENT_LONG_PASSWORD = 0x1;
  private static final int CLIENT_PROTOCOL_41 = 0x200;
  private static final int CLIENT_SECURE_CONNECTION = 0x8000;
  private static final int CLIENT_PLUGIN_AUTH = 0x80000;
  private static final int MAX_PACKET = 1 << 24;
  /** utf8mb4_general_ci: known to every MySQL since 5.5 and to MariaDB. */
  private static final int CHARSET = 45;
  private static final int SCRAMBLE_LENGTH = 20;

  private MysqlLogin() {
  }

  /**
   * What a login needs from the server's first packet.
   *
   * @param nonce the 20 random bytes the password is scrambled with
   * @param plugin the server's default authentication plugin
   */
  record Greeting(String serverVersion, byte[] nonce, String plugin) {
  }

  /** @throws LoginException if the packet is an error (e.g. too many connections) or not protocol 10 */
  static Greeting greeting(byte[] p) throws LoginException {
    if ((p[0] & 0xFF) == ERR) {
      throw error(p);
    }
    if (p[0] != PROTOCOL_V10) {
      throw new LoginException("the server speaks protocol " + p[0] + ", not 10");
    }
    int versionEnd = indexOf(p, 1, (byte) 0);
    String version = new String(p, 1, versionEnd - 1, StandardCharsets.US_ASCII);
    int i = versionEnd + 1 + 4; // after the connection id
    byte[] part1 = Arrays.copyOfRange(p, i, i + 8);
    i += 8 + 1 + 2 + 1 + 2 + 2; // filler, capabilities (low), charset, status, capabilities (high)
    int authDataLength = p[i] & 0xFF;
    i += 1 + 10; // the length itself, reserved
    byte[] nonce = concat(part1, Arrays.copyOfRange(p, i, i + SCRAMBLE_LENGTH - 8));
    i += Math.max(13, authDataLength - 8);
    String plugin = i < p.length
        ? new String(p, i, indexOf(p, i, (byte) 0) - i, StandardCharsets.US_ASCII)
        : NATIVE_PASSWORD;
    return new Greeting(version, nonce, plugin);
  }

  /** The HandshakeResponse41 packet's payload. */
  static byte[] handshakeResponse(String user, String password, Greeting greeting) throws LoginException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int capabilities = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
    writeInt4(out, capabilities);
    writeInt4(out, MAX_PACKET);
    out.write(CHARSET);
    out.writeBytes(new byte[23]);
    out.writeBytes(user.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    byte[] auth = scramble(greeting.plugin(), password, greeting.nonce());
    out.write(auth.length);
    out.writeBytes(auth);
    out.writeBytes(greeting.plugin().getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    return out.toByteArray();
  }

  /**
   * The answer to an auth-switch request (the account uses another plugin than the server's default).
   *
   * @return the plugin switched to, and the packet to send
   */
  static Switch authSwitch(byte[] p, String password) throws LoginException {
    int end = indexOf(p, 1, (byte) 0);
    String plugin = new String(p, 1, end - 1, StandardCharsets.US_ASCII);
    byte[] nonce = Arrays.copyOfRange(p, end + 1, Math.min(p.length, end + 1 + SCRAMBLE_LENGTH));
    return new Switch(plugin, nonce, scramble(plugin, password, nonce));
  }

  record Switch(String plugin, byte[] nonce, byte[] response) {
  }

  /** caching_sha2_password's full login without TLS: the password, XORed with the nonce, under the server's RSA key. */
  static byte[] encryptPassword(String password, byte[] nonce, byte[] pemPublicKey) throws LoginException {
    byte[] plain = concat(password.getBytes(StandardCharsets.UTF_8), new byte[1]);
    for (int i = 0; i < plain.length; i++) {
      plain[i] ^= nonce[i % nonce.length];
    }
    try {
      String pem = new String(pemPublicKey, StandardCharsets.US_ASCII)
          .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(pem);
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
      rsa.init(Cipher.ENCRYPT_MODE, key);
      return rsa.doFinal(plain);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new LoginException("cannot use the server's RSA public key: " + e.getMessage());
    }
  }

  /** The message of an ERR packet, e.g. "1045 (28000) Access denied for user 'monitor'@'localhost'". */
  static LoginException error(byte[] p) {
    int code = (p[1] & 0xFF) | (p[2] & 0xFF) << 8;
    boolean hasState = p.length > 3 && p[3] == '#';
    String state = hasState ? " (" + new String(p, 4, 5, StandardCharsets.US_ASCII) + ")" : "";
    int from = hasState ? 9 : 3;
    return new LoginException(code + state + " " + new String(p, from, p.length - from, StandardCharsets.UTF_8));
  }

  static byte[] scramble(String plugin, String password, byte[] nonce) throws LoginException {
    if (password.isEmpty()) {
      return new byte[0];
    }
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    byte[] salt = Arrays.copyOf(nonce, SCRAMBLE_LENGTH);
    if (plugin.equals(NATIVE_PASSWORD)) {
      byte[] h1 = digest("SHA-1", pw);
      return xor(h1, digest("SHA-1", concat(salt, digest("SHA-1", h1))));
    }
    if (plugin.equals(CACHING_SHA2_PASSWORD)) {
      byte[] h1 = digest("SHA-256", pw);
      return xor(h1, digest("SHA-256", concat(digest("SHA-256", h1), salt)));
    }
    throw new LoginException("the account uses authentication plugin " + plugin + "; health checks support "
        + NATIVE_PASSWORD + " and " + CACHING_SHA2_PASSWORD);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + algorithm, e);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static int indexOf(byte[] p, int from, byte b) {
    for (int i = from; i < p.length; i++) {
      if (p[i] == b) {
        return i;
      }
    }
    return p.length;
  }

  private static void writeInt4(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** A login that did not succeed; the message is one line meant for the router's log. */
  static final class LoginException extends Exception {
    private static final long serialVersionUID = 1L;

    LoginException(String message) {
      super(message);
    }
  }
}
