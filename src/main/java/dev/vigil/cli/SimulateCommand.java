package dev.vigil.cli;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.sim.Durations;
import dev.vigil.sim.FleetSimulator;
import dev.vigil.sim.FleetStats;
import dev.vigil.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil simulate}: a simulated fleet against any MQTT broker, Vigil running or not. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Publish a simulated fleet (energy meters, environment nodes, pumps) to an MQTT broker, "
        + "with labelled injected anomalies.")
public final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--devices", defaultValue = "20", description = "Number of devices (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--rate", defaultValue = "1", description = "Readings per second per device (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--scenario", description = "Scenario file, or a built-in name: mixed-fleet (default), "
      + "household-energy, environment, pumps.")
  String scenario;

  @Option(names = "--duration", description = "How long to run, e.g. 90s, 10m, 2h (default: until Ctrl-C).")
  String duration;

  @Option(names = "--mqtt-url", defaultValue = "${env:VIGIL_SIM_MQTT_URL:-mqtt://127.0.0.1:1883}",
      description = "Broker, mqtt://[user:pass@]host:port or mqtts://... (default ${DEFAULT-VALUE}; env VIGIL_SIM_MQTT_URL).")
  String mqttUrl;

  @Option(names = "--labels", description = "Write the injected anomalies as JSON lines to this file.")
  Path labels;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed: same seed, same signals (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--id-prefix", defaultValue = "", description = "Prefix for device ids, so two fleets can share a broker.")
  String idPrefix;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    SimulatorOptions options;
    try {
      options = SimulatorOptions.of(BrokerAddress.parse(mqttUrl), devices).withRate(rate).withScenario(scenario)
          .withDuration(duration == null ? null : Durations.parse(duration)).withSeed(seed).withLabels(labels)
          .withIdPrefix(idPrefix);
    } catch (IllegalArgumentException e) {
      System.err.println("vigil simulate: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    FleetSimulator fleet = new FleetSimulator(vertx, options);
    try {
      fleet.start().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("vigil simulate: " + e.getMessage());
      vertx.close().await(10, TimeUnit.SECONDS);
      return 2;
    }
    out.printf("Simulating %d devices at %s readings/s against %s%s%n", devices, rate, options.broker(),
        labels == null ? "" : "; anomaly labels -> " + labels);
    Thread stopper = new Thread(() -> stopQuietly(fleet));
    Runtime.getRuntime().addShutdownHook(stopper);
    long started = System.nanoTime();
    boolean live = Progress.onTerminal();
    long printEveryMs = live ? 1000 : 10_000;
    while (!waitUntilFinished(fleet, printEveryMs)) {
      out.print((live ? "\r" : "") + progress(fleet.stats(), started) + (live ? "" : System.lineSeparator()));
      out.flush();
    }
    removeHook(stopper);
    vertx.close().await(10, TimeUnit.SECONDS);
    out.println();
    out.println("Done: " + progress(fleet.stats(), started));
    return 0;
  }

  static String progress(FleetStats s, long startedNanos) {
    double seconds = Math.max(0.001, Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0);
    return String.format("%ds  connected %d  readings %d  sent %d  acked %d  buffered %d  dropped %d  "
            + "anomalies %d  reconnects %d  %.1f acked/s   ", (long) seconds, s.connected(), s.generated(),
        s.published(), s.acknowledged(), s.buffered(), s.dropped(), s.labels(), s.reconnects(),
        s.acknowledged() / seconds);
  }

  private static boolean waitUntilFinished(FleetSimulator fleet, long millis) throws Exception {
    try {
      fleet.finished().toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  private static void stopQuietly(FleetSimulator fleet) {
    try {
      fleet.stop().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down anyway; the broker's last will marks the devices offline
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
