package dev.baton.core.credentials;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The passwords of a cluster's database users and the token that mutating API calls need.
 * {@link #toString()} never shows a secret, so a record logged by mistake leaks nothing.
 */
public record Credentials(Map<DbUser, String> passwords, String apiToken) {
  /** Long enough for 140+ bits of entropy from a 62-letter alphabet. */
  public static final int PASSWORD_LENGTH = 24;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  public Credentials {
    passwords = Map.copyOf(passwords);
    Objects.requireNonNull(apiToken, "apiToken");
    for (DbUser u : DbUser.values()) {
      if (!passwords.containsKey(u) || passwords.get(u).isEmpty()) {
        throw new IllegalArgumentException("credentials lack a password for user " + u.userName());
      }
    }
  }

  /** Fresh random passwords; pass a {@link java.security.SecureRandom}. */
  public static Credentials generate(RandomGenerator random) {
    Map<DbUser, String> pw = new EnumMap<>(DbUser.class);
    for (DbUser u : DbUser.values()) {
      pw.put(u, randomText(random, PASSWORD_LENGTH));
    }
    return new Credentials(pw, randomText(random, 32));
  }

  public String password(DbUser user) {
    return passwords.get(user);
  }

  private static String randomText(RandomGenerator random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Credentials[users=" + passwords.keySet() + ", secrets hidden]";
  }
}
