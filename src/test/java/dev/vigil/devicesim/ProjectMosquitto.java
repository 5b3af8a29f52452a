package dev.vigil.devicesim;

import dev.vigil.testsupport.MosquittoProcess;
import dev.vigil.testsupport.TestInfra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto started with the project's {@code mosquitto/mosquitto.conf} and
 * {@code mosquitto/acl}, on a free local port, with its password file and persistence folder in a
 * temporary directory. Logins are created with the project's {@code mosquitto/add-device.sh}.
 * Only the paths and the listener of the config are rewritten; every other setting is the one
 * shipped for production.
 */
public final class ProjectMosquitto implements AutoCloseable {

  static final Path PROJECT_DIR = Path.of("mosquitto").toAbsolutePath();

  private final Path dir;
  private final Path passwd;
  private final int port;
  private final MosquittoProcess process;

  public ProjectMosquitto(Path dir) throws IOException {
    this.dir = dir;
    this.passwd = dir.resolve("passwd");
    this.port = TestInfra.freePort();
    Files.createDirectories(dir.resolve("data"));
    this.process = MosquittoProcess.withConfig(dir, port, testConfig());
  }

  public static boolean installed() {
    return MosquittoProcess.installed();
  }

  public int port() {
    return port;
  }

  /** Runs add-device.sh; returns its standard output. */
  public String addDevice(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", PROJECT_DIR.resolve("add-device.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MOSQUITTO_PASSWD_FILE", passwd.toString());
    Process script = builder.start();
    String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!script.waitFor(30, TimeUnit.SECONDS) || script.exitValue() != 0) {
      throw new IllegalStateException("add-device.sh " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  /** Starts (or restarts) the broker and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    process.restart();
  }

  /** Stops the broker the way systemd or docker does (SIGTERM: it saves its persistent state). */
  public void stop() throws InterruptedException {
    process.terminate();
  }

  public String log() {
    return process.log();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    process.close();
  }

  private String testConfig() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(PROJECT_DIR.resolve("mosquitto.conf"))) {
      out.append(rewrite(line.strip())).append('\n');
    }
    return out.toString();
  }

  private String rewrite(String line) {
    if (line.startsWith("persistence_location ")) {
      return "persistence_location " + dir.resolve("data") + "/";
    } else if (line.startsWith("password_file ")) {
      return "password_file " + passwd;
    } else if (line.startsWith("acl_file ")) {
      return "acl_file " + PROJECT_DIR.resolve("acl");
    } else if (line.equals("listener 1883")) {
      return "listener " + port + " 127.0.0.1";
    }
    return line;
  }
}
