package dev.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A test's own files go when it ends, failed or not: an embedded broker's data directory alone reserves
 * about 1.4 GB of write-ahead log, and a run of many rounds filled a 252 GB disk.
 */
public final class TestFiles {

  private TestFiles() {}

  /** Deletes {@code dir} and everything under it; nothing there is fine. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
