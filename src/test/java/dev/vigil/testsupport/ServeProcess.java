package dev.vigil.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `vigil serve` in a JVM of its own (this test JVM's class path), its output in a file, so that a
 * test can send it SIGTERM or kill -9 as an operator or an orchestrator would.
 */
public final class ServeProcess implements AutoCloseable {

  private static final String UP = "Vigil is up";

  private final Path log;
  private final Process process;

  private ServeProcess(Path log, Process process) {
    this.log = log;
    this.process = process;
  }

  /**
   * Starts `serve` with {@code VIGIL_*} variables {@code env} and JVM options {@code jvmOptions};
   * returns once it logged that it is up (or fails with its output).
   */
  public static ServeProcess start(Path log, Map<String, String> env, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // The embedded broker's RocksDB unpacks its native library into the temporary directory, and a JVM
    // killed with SIGKILL never deletes it (12 MB a kill): beside the log it goes with the test's files.
    command.add("-Djava.io.tmpdir=" + Files.createDirectories(log.toAbsolutePath().getParent().resolve("tmp")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main", "serve"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    ServeProcess serve = new ServeProcess(log, builder.start());
    serve.awaitUp();
    return serve;
  }

  private void awaitUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!output().contains(UP)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("vigil serve did not come up:\n" + output());
      }
      Thread.sleep(200);
    }
  }

  /** SIGTERM, as `kill` or `docker stop` sends; waits (bounded) for the JVM to exit and returns its exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("vigil serve did not stop within 120 s of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no drain; waits (bounded) for the JVM to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("vigil serve still alive 60 s after SIGKILL");
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the JVM printed so far. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable log " + log + ": " + e + ")";
    }
  }

  /** The lines logged at ERROR level, and lines of stack traces. */
  public List<String> errorLines() {
    return output().lines()
        .filter(line -> line.matches("^\\S+ ERROR .*") || line.startsWith("\tat ") || line.startsWith("Caused by"))
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
