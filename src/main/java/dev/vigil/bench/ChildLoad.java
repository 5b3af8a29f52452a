package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator in a child JVM started from the same classpath ({@link LoadProcess}), so the
 * publishers' CPU and garbage are not Vigil's. Talks over the child's stdin/stdout: it prints
 * {@code publishing} once connected, stops on a line on stdin, and prints {@code acked N cpu_ns C} before it
 * exits (its whole life's CPU: it is gone before the bench could read /proc).
 */
final class ChildLoad implements LoadRun {

  private final List<String> command;
  private Process process;
  private BufferedReader out;
  private Writer in;
  private long cpuNanos = -1;

  ChildLoad(BrokerAddress broker, LoadSpec spec) {
    command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), LoadProcess.class.getName(), broker.host(),
        Integer.toString(broker.port())));
    command.addAll(spec.toArgs());
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  @Override
  public void start() throws IOException {
    process = new ProcessBuilder(command).start();
    relayErrors(process);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    expectLine("publishing");
  }

  @Override
  public void stop() {
    try {
      in.write("stop\n");
      in.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the load generator process is gone", e);
    }
  }

  @Override
  public long awaitAcknowledged() throws Exception {
    String[] words = expectLine("acked ").trim().split(" ");
    process.waitFor(30, TimeUnit.SECONDS);
    cpuNanos = Long.parseLong(words[3]);
    return Long.parseLong(words[1]);
  }

  /** The child's CPU over its whole life, once it has reported; -1 before. */
  long cpuNanos() {
    return cpuNanos;
  }

  /** The child's log on this process's stderr, each line marked, so that its warnings are not taken for Vigil's. */
  private static void relayErrors(Process process) {
    Thread relay = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          System.err.println("[load generator] " + line);
        }
      } catch (IOException e) {
        // The child is gone: nothing more to relay.
      }
    }, "bench-load-stderr");
    relay.setDaemon(true);
    relay.start();
  }

  private String expectLine(String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("the load generator process ended before it printed '" + prefix + "'");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
