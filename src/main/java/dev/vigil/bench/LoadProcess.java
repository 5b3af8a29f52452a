package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Main class of the child JVM that {@link ChildLoad} starts: runs a {@link LoadGenerator} until a line
 * (or the end) on stdin, then reports how many readings the broker acknowledged and the CPU it used. Its protocol lines
 * are its only output on stdout.
 */
public final class LoadProcess {

  private LoadProcess() {
  }

  /** Arguments: broker host, port, then {@link LoadSpec#toArgs()}. */
  public static void main(String[] args) throws Exception {
    BrokerAddress broker = new BrokerAddress(args[0], Integer.parseInt(args[1]), null, null, false);
    LoadSpec spec = LoadSpec.fromArgs(Arrays.asList(args).subList(2, args.length));
    Vertx vertx = Vertx.vertx();
    try {
      LoadGenerator generator = new LoadGenerator(vertx, broker, spec);
      generator.start().await(60, TimeUnit.SECONDS);
      System.out.println("publishing");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      generator.stop();
      generator.finished().await(120, TimeUnit.SECONDS);
      long cpuNanos = ((com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      System.out.println("acked " + generator.acknowledged() + " cpu_ns " + cpuNanos);
      System.out.flush();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }
}
