package dev.vigil.testsupport;

import dev.vigil.infra.DirectoryTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A test's own files go when it ends, failed or not: an embedded broker's data directory alone reserves
 * about 1.4 GB of write-ahead log, and a run of many rounds filled a 252 GB disk.
 */
public final class TestFiles {

  private TestFiles() {}

  /** Deletes {@code dir} and everything under it; nothing there is fine. */
  public static void deleteTree(Path dir) {
    try {
      DirectoryTree.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
