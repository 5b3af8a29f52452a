package dev.vigil.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} process of the test's own, on a free port with its own config and persistence
 * directory, that the test can kill -9, stop with SIGTERM and start again on the same port and data.
 * Persistence and flow control as in the project's {@code mosquitto/mosquitto.conf}, anonymous access,
 * plus {@code extraConfig}. The process is killed when the test ends, also when it fails, and when the
 * JVM exits; a directory it made itself ({@link #start}) goes with it.
 */
public final class MosquittoProcess implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path dir;
  private final int port;
  /** Whether {@link #dir} is this broker's to delete: a caller's own directory is the caller's. */
  private final boolean ownsDir;
  private final Thread reaper = new Thread(this::stopAndDelete, "mosquitto-reaper");
  private Process process;

  private MosquittoProcess(Path dir, int port, boolean ownsDir) {
    this.dir = dir;
    this.port = port;
    this.ownsDir = ownsDir;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts a broker with the project's persistence and flow control and nothing else. */
  public static MosquittoProcess start() throws IOException, InterruptedException {
    return start(List.of());
  }

  /** Writes the config and starts the broker. */
  public static MosquittoProcess start(List<String> extraConfig) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("vigil-mosquitto");
    int port = TestInfra.freePort();
    Files.createDirectories(dir.resolve("data"));
    StringBuilder config = new StringBuilder()
        .append("listener ").append(port).append(" 127.0.0.1\n")
        .append("allow_anonymous true\n")
        .append("persistence true\n")
        .append("persistence_location ").append(dir.resolve("data")).append("/\n")
        // The project saves every 60 s; a test that kills the broker right after Vigil subscribed needs the
        // session on disk sooner (a kill -9 loses what changed since the last save; docs/reliability.md).
        .append("autosave_interval 1\n")
        .append("max_inflight_messages 1000\n")
        .append("max_queued_messages 200000\n")
        .append("max_queued_bytes 0\n");
    extraConfig.forEach(line -> config.append(line).append('\n'));
    MosquittoProcess broker = withConfig(dir, port, config.toString(), true);
    try {
      broker.restart();
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /**
   * A broker (not started yet) that runs {@code config} from {@code dir} and listens on {@code port},
   * which the config must name. Adds the one line every test broker needs.
   */
  public static MosquittoProcess withConfig(Path dir, int port, String config) throws IOException {
    return withConfig(dir, port, config, false);
  }

  private static MosquittoProcess withConfig(Path dir, int port, String config, boolean ownsDir) throws IOException {
    // As root Mosquitto would switch to the user `mosquitto`, who cannot use the temp dir.
    String asTestUser = config + "user " + System.getProperty("user.name") + "\n";
    Files.writeString(dir.resolve("mosquitto.conf"), asTestUser, StandardCharsets.UTF_8);
    return new MosquittoProcess(dir, port, ownsDir);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  /** Starts (or restarts, on the same port and data) the broker and waits until it accepts connections. */
  public void restart() throws IOException, InterruptedException {
    process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + log());
      }
      if (accepts()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("mosquitto did not open port " + port + ": " + log());
  }

  /**
   * Waits until the broker has saved its state twice since this call: the second save began after the call,
   * so whatever the broker held when it was called (a session, a subscription, a queue) is on disk. Mosquitto
   * saves every {@code autosave_interval} seconds in whole seconds, a save each 2 s with the tests' interval
   * of 1, so a fixed sleep of 2 s after a change raced the save it counted on.
   */
  public void awaitSaved() throws IOException, InterruptedException {
    Path db = dir.resolve("data").resolve("mosquitto.db");
    FileTime seen = Files.exists(db) ? Files.getLastModifiedTime(db) : FileTime.fromMillis(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int saves = 0; saves < 2; ) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("mosquitto saved " + saves + " times in 30 s: " + log());
      }
      FileTime now = Files.exists(db) ? Files.getLastModifiedTime(db) : seen;
      if (now.compareTo(seen) > 0) {
        seen = now;
        saves++;
      }
      Thread.sleep(50);
    }
  }

  /** kill -9: the broker keeps only what it had saved to disk. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as systemd or docker stop it: the broker saves its state and exits. */
  public void terminate() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void stopAndDelete() {
    if (process != null && process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(); // mosquitto writes into the directory until it is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // still running: leave its files alone
      }
    }
    if (ownsDir) {
      TestFiles.deleteTree(dir);
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
