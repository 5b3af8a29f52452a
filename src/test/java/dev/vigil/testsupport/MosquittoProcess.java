package dev.vigil.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto the test starts on a free local port, with persistence in its own temporary
 * directory and no limit on the queue of an offline session (as mosquitto/mosquitto.conf asks of a
 * broker Vigil uses). For tests that need a broker of their own, to restart or to keep apart from
 * the shared one.
 */
public final class MosquittoProcess implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path dir;
  private final int port;
  private Process process;

  private MosquittoProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  public static MosquittoProcess start() throws IOException, InterruptedException {
    MosquittoProcess broker = new MosquittoProcess(Files.createTempDirectory("vigil-mosquitto"), TestInfra.freePort());
    broker.launch();
    return broker;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  private void launch() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir.resolve("data") + "/",
        "max_queued_messages 0",
        "max_inflight_messages 100",
        // As root Mosquitto would switch to the user `mosquitto`, who cannot write the temp dir.
        "user " + System.getProperty("user.name"),
        ""));
    process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
        .start();
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + log());
      }
      if (accepts()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("mosquitto did not open port " + port + ": " + log());
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
