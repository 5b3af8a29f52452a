package dev.vigil.testsupport;

import dev.vigil.infra.EmbeddedBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * TEST-ONLY: the embedded broker in a JVM of its own, so a test can kill it with SIGKILL (as an OOM
 * killer or a power cut of the process would) and start it again on the same data directory.
 */
public final class EmbeddedBrokerProcess implements AutoCloseable {

  private static final String READY = "embedded broker ready";
  private static final long START_BOUND_S = 180;

  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private EmbeddedBrokerProcess(Process process) {
    this.process = process;
  }

  /** Starts a JVM running {@link EmbeddedBroker} on {@code port} and waits until it accepts connections. */
  public static EmbeddedBrokerProcess start(int port, Path dataDir) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // RocksDB unpacks its native library into the temporary directory and a killed JVM never deletes it
    // (12 MB a kill): under the data directory it goes with the test's files.
    Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
    Process process = new ProcessBuilder(java, "-Xmx256m", "-Dvigil.log.broker.drops=DEBUG",
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        EmbeddedBrokerProcess.class.getName(), Integer.toString(port), dataDir.toString())
        .redirectErrorStream(true).start();
    EmbeddedBrokerProcess broker = new EmbeddedBrokerProcess(process);
    broker.awaitReady();
    return broker;
  }

  private void awaitReady() throws IOException, InterruptedException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> drain(out), "embedded-broker-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(START_BOUND_S, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kill();
      throw new IOException("embedded broker process did not become ready", e);
    }
  }

  private void drain(BufferedReader out) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.err.println("[broker process] " + line);
        if (line.contains(READY)) {
          ready.complete(null);
        }
      }
      ready.completeExceptionally(new IOException("broker process exited"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  /** SIGKILL: no shutdown hook runs, the broker's storage is left as the process had it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** SIGTERM: the process's shutdown hook closes the broker cleanly. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /** Entry point of the broker JVM: port and data directory. */
  public static void main(String[] args) throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start(Integer.parseInt(args[0]), Path.of(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}
