package dev.baton.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * An object store in a local directory, the default. Each object is a file at its key's path. A
 * put writes a hidden temporary file beside the target, forces it to disk and renames it into
 * place atomically, so a crash or failure mid-write never leaves a partial object under the key.
 */
public final class DirectoryObjectStore implements ObjectStore {
  private static final String TEMP_PREFIX = ".part-";

  private final Path root;

  public DirectoryObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public long put(ObjectKey key, InputStream content) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      long size;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        size = content.transferTo(out);
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return size;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    try {
      return Files.newInputStream(path(key));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(location(), key);
    }
  }

  /** Tolerates files that vanish while it walks: other writers rename and remove their temporary files meanwhile. */
  @Override
  public List<ObjectKey> list(ObjectKey prefix) throws IOException {
    Path dir = path(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ObjectKey> keys = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
          keys.add(new ObjectKey(root.relativize(file).toString()));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    Collections.sort(keys);
    return keys;
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  @Override
  public boolean exists(ObjectKey key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public void close() {
    // Nothing held open between calls.
  }

  private Path path(ObjectKey key) {
    return root.resolve(key.value());
  }
}
