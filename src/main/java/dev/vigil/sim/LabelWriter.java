package dev.vigil.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends injected-anomaly labels as JSON lines. Labels are rare, so each is written and flushed
 * on a worker thread at once: a killed simulator leaves a complete file behind.
 */
final class LabelWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LabelWriter.class);

  private final Vertx vertx;
  private final Path path;
  private final Queue<Future<Void>> pending = new ConcurrentLinkedQueue<>();
  private BufferedWriter writer;

  LabelWriter(Vertx vertx, Path path) {
    this.vertx = vertx;
    this.path = path;
  }

  Future<Void> open() {
    if (path == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      synchronized (this) {
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      }
      return null;
    });
  }

  void write(AnomalyLabel label) {
    if (path == null) {
      return;
    }
    String line = label.toJson().encode();
    Future<Void> write = vertx.executeBlocking(() -> append(line), false);
    pending.add(write);
    write.onComplete(done -> pending.remove(write))
        .onFailure(e -> LOG.warn("Cannot write anomaly label for device {} to {}", label.deviceId(), path, e));
  }

  Future<Void> close() {
    if (path == null) {
      return Future.succeededFuture();
    }
    return Future.join(List.copyOf(pending)).otherwiseEmpty().compose(written -> vertx.executeBlocking(() -> {
      synchronized (this) {
        if (writer != null) {
          writer.close();
          writer = null;
        }
      }
      return null;
    }));
  }

  private synchronized Void append(String line) throws IOException {
    if (writer != null) {
      writer.write(line);
      writer.newLine();
      writer.flush();
    }
    return null;
  }
}
