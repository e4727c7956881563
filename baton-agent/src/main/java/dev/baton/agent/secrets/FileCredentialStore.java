package dev.baton.agent.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.agent.json.Json;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local stand-in for Secrets Manager: one JSON file, created with mode 0600 (never a moment
 * with wider permissions), and refused when anyone but its owner can read or write it.
 */
public final class FileCredentialStore {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final String API_TOKEN_KEY = "apiToken";

  private final Path file;

  public FileCredentialStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Writes a new file; never replaces an existing one, whose passwords the servers already use. */
  public void create(Credentials credentials) throws IOException {
    Map<String, String> content = new LinkedHashMap<>();
    for (DbUser u : DbUser.values()) {
      content.put(u.userName(), credentials.password(u));
    }
    content.put(API_TOKEN_KEY, credentials.apiToken());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new ClusterStateException("credentials file " + file + " already exists; it is never overwritten");
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, content);
    }
  }

  public Credentials load() throws IOException {
    if (!Files.exists(file)) {
      throw new ClusterStateException("credentials file " + file + " is missing: the cluster's passwords cannot be read");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new ClusterStateException("credentials file " + file + " has mode " + PosixFilePermissions.toString(perms)
          + " but must be rw------- (owner only): run 'chmod 600 " + file + "' and retry");
    }
    Map<String, String> content = Json.MAPPER.readValue(file.toFile(), MAP);
    Map<DbUser, String> passwords = new EnumMap<>(DbUser.class);
    for (DbUser u : DbUser.values()) {
      String pw = content.get(u.userName());
      if (pw == null || pw.isEmpty()) {
        throw new ClusterStateException("credentials file " + file + " has no password for user " + u.userName());
      }
      passwords.put(u, pw);
    }
    String token = content.get(API_TOKEN_KEY);
    if (token == null || token.isBlank()) {
      throw new ClusterStateException("credentials file " + file + " has no API token (" + API_TOKEN_KEY + ")");
    }
    return new Credentials(passwords, token);
  }
}
