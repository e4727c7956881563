package dev.baton.backup.method;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing what a backup or restore created, and the emptiness check that guards restore targets. */
public final class Directories {
  private static final Logger log = LoggerFactory.getLogger(Directories.class);

  private Directories() {}

  /** Whether {@code dir} does not exist or is an empty directory. */
  public static boolean isAbsentOrEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Deletes {@code dir} and everything in it; a failure is logged, since cleanup must not hide the error it follows. */
  public static void deleteTree(Path dir) {
    deleteBelow(dir);
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.toString());
    }
  }

  /** Empties {@code dir}, keeping the directory itself. */
  public static void deleteBelow(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not empty {}: {}", dir, e.toString());
    }
  }
}
