package dev.baton.agent.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {
  private static final Credentials CREDENTIALS = Credentials.generate(new Random(7));

  @TempDir
  Path dir;

  private FileCredentialStore store() {
    return new FileCredentialStore(dir.resolve("credentials.json"));
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void createWritesAFileOnlyItsOwnerCanReadAndWrite() throws IOException {
    store().create(CREDENTIALS);

    assertThat(mode(store().file())).isEqualTo("rw-------");
  }

  @Test
  void createNamesEachUserByItsAccountNameAndKeepsTheToken() throws IOException {
    store().create(CREDENTIALS);

    String json = Files.readString(store().file());
    for (DbUser u : DbUser.values()) {
      assertThat(json).contains("\"" + u.userName() + "\"").contains(CREDENTIALS.password(u));
    }
    assertThat(json).contains("\"apiToken\"").contains(CREDENTIALS.apiToken());
  }

  @Test
  void createNeverOverwritesAnExistingFile() throws IOException {
    Path file = store().file();
    Files.writeString(file, "{\"root\":\"in-use\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> store().create(CREDENTIALS))
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("already exists");
    assertThat(Files.readString(file)).isEqualTo("{\"root\":\"in-use\"}");
    assertThat(mode(file)).isEqualTo("rw-------");
  }

  @Test
  void loadReturnsWhatCreateWrote() throws IOException {
    store().create(CREDENTIALS);

    assertThat(store().load()).isEqualTo(CREDENTIALS);
  }

  @Test
  void loadRefusesAFileOthersCanReadAndSaysHowToFixIt() throws IOException {
    store().create(CREDENTIALS);
    Files.setPosixFilePermissions(store().file(), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> store().load())
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("chmod 600 " + store().file());
  }

  @Test
  void loadRefusesAFileTheGroupCanWrite() throws IOException {
    store().create(CREDENTIALS);
    Files.setPosixFilePermissions(store().file(), PosixFilePermissions.fromString("rw--w----"));

    assertThatThrownBy(() -> store().load()).isInstanceOf(ClusterStateException.class).hasMessageContaining("chmod 600");
  }

  @Test
  void loadAcceptsAFileOnlyItsOwnerCanRead() throws IOException {
    store().create(CREDENTIALS);
    Files.setPosixFilePermissions(store().file(), PosixFilePermissions.fromString("r--------"));

    assertThat(store().load()).isEqualTo(CREDENTIALS);
  }

  @Test
  void loadRefusesAFileMissingAUsersPassword() throws IOException {
    Path file = store().file();
    Files.writeString(file, "{\"root\":\"a\",\"repl\":\"b\",\"backup\":\"c\",\"baton\":\"d\",\"app\":\"e\",\"apiToken\":\"t\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> store().load())
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("no password for user monitor");
  }

  @Test
  void loadRefusesAnEmptyPassword() throws IOException {
    Path file = store().file();
    Files.writeString(file,
        "{\"root\":\"\",\"repl\":\"b\",\"backup\":\"c\",\"monitor\":\"m\",\"baton\":\"d\",\"app\":\"e\",\"apiToken\":\"t\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> store().load())
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("no password for user root");
  }

  @Test
  void loadOfAMissingFileSaysSo() {
    assertThatThrownBy(() -> store().load())
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("is missing");
  }
}
