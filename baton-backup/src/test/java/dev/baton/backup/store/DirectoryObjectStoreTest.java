package dev.baton.backup.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryObjectStoreTest extends ObjectStoreContract {
  @TempDir
  Path root;

  @Override
  ObjectStore newStore() {
    return new DirectoryObjectStore(root);
  }

  @Override
  int leftovers() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return (int) files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void keysCannotClimbOutOfTheDirectory() {
    assertThatThrownBy(() -> ObjectKey.of("c1", "..", "etc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid segment '..'");
    assertThatThrownBy(() -> new ObjectKey("/abs")).isInstanceOf(IllegalArgumentException.class);
  }
}
