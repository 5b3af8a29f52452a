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

  @Option(names = "--id-prefix", description = "Prefix for device ids and MQTT client ids (default: a random one such "
      + "as s3fa-, so this fleet never takes the ids of `serve --simulate` or of another run; --id-prefix= for none).")
  String idPrefix;

  /** How long a fleet may take to get its first device connected before the broker is called unreachable. */
  static final Duration CONNECT_GRACE = Duration.ofSeconds(15);

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    SimulatorOptions options;
    try {
      options = SimulatorOptions.of(BrokerAddress.parse(mqttUrl), devices).withRate(rate).withScenario(scenario)
          .withDuration(duration == null ? null : Durations.parse(duration)).withSeed(seed).withLabels(labels)
          .withIdPrefix(idPrefix != null ? idPrefix : randomPrefix());
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
    boolean unreachable = false;
    while (!waitUntilFinished(fleet, printEveryMs)) {
      out.print((live ? "\r" : "") + progress(fleet.stats(), started) + (live ? "" : System.lineSeparator()));
      out.flush();
      if (neverConnected(fleet.stats(), started)) {
        unreachable = true;
        stopQuietly(fleet);
      }
    }
    removeHook(stopper);
    vertx.close().await(10, TimeUnit.SECONDS);
    out.println();
    out.println("Done: " + progress(fleet.stats(), started));
    return verdict(fleet.stats(), unreachable, options.broker().toString());
  }

  /** True once the grace time has passed without any device ever connecting. */
  private static boolean neverConnected(FleetStats s, long startedNanos) {
    return s.connected() == 0 && s.acknowledged() == 0
        && Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(CONNECT_GRACE) > 0;
  }

  /** 0 when the broker took readings; else 1 with one line that says why and names the option to check. */
  static int verdict(FleetStats s, boolean unreachable, String broker) {
    if (unreachable) {
      System.err.printf("vigil simulate: no device could connect to %s within %d s; is a broker listening there? "
          + "(--mqtt-url, or VIGIL_SIM_MQTT_URL)%n", broker, CONNECT_GRACE.toSeconds());
      return 1;
    }
    if (s.acknowledged() == 0) {
      System.err.printf("vigil simulate: %s acknowledged no reading (--mqtt-url; --duration too short?)%n", broker);
      return 1;
    }
    return 0;
  }

  /** "s" and three hex digits and a dash: a fleet of its own beside `serve --simulate` and other runs. */
  static String randomPrefix() {
    return String.format("s%03x-", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000));
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
