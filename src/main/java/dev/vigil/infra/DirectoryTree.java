package dev.vigil.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a directory Vigil made for itself, with everything in it (an embedded broker's alone holds GBs). */
public final class DirectoryTree {

  private DirectoryTree() {}

  /** Deletes {@code dir} and everything under it; a missing one is fine. */
  public static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
