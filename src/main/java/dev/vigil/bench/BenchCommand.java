package dev.vigil.bench;

import dev.vigil.cli.Progress;
import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.infra.FreePort;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.bus.Addresses;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Promise;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench}: end-to-end throughput and latency of a real instance (MQTT publish to
 * durable row), or with {@code --jmh} the per-reading scoring cost. Figures go to docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure Vigil: readings per second from MQTT publish to PostgreSQL commit, and the latency",
        "of each (HdrHistogram). Starts its own instance (embedded broker and PostgreSQL in a temp folder)",
        "unless --mqtt-url/--pg-url are given. --jmh runs the scoring micro-benchmarks instead."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--devices", defaultValue = "20", description = "Device connections publishing (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--readings", defaultValue = "60000", description = "Readings in all (default: ${DEFAULT-VALUE}).")
  long readings;

  @Option(names = "--rate", defaultValue = "0", description = "Readings per second offered in all; 0: as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--mqtt-url", description = "Use this broker instead of an embedded one.")
  String mqttUrl;

  @Option(names = "--pg-url", description = "Use this PostgreSQL instead of an embedded one (rows are written to it).")
  String pgUrl;

  @Option(names = "--jmh", description = "Run the JMH scoring benchmarks instead.")
  boolean jmh;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (jmh) {
      ScoringBenchmarks.run(System.out);
      return 0;
    }
    long perDevice = Math.max(1, readings / devices);
    long total = perDevice * devices;
    try (VigilRuntime runtime = VigilRuntime.start(ConfigLoader.load(null, Map.of(), overrides()))) {
      Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
      LatencyOverTime overTime = new LatencyOverTime(Duration.ofSeconds(10));
      AtomicLong stored = new AtomicLong();
      Promise<Void> allStored = Promise.promise();
      Instant benchStart = Instant.now();
      java.util.Set<String> seen = new java.util.HashSet<>();
      runtime.vertx().eventBus().<ScoredReading>localConsumer(Addresses.READINGS_STORED, m -> {
        Instant sentAt = m.body().reading().ts();
        if (sentAt.isBefore(benchStart) || !m.body().reading().deviceId().startsWith("bench-")
            || !seen.add(m.body().reading().deviceId() + "/" + m.body().reading().seq())) {
          return; // another device's reading, one an earlier run left queued, or a redelivered duplicate
        }
        Instant now = Instant.now();
        long micros = Math.max(0, Duration.between(sentAt, now).toNanos() / 1000);
        latencyMicros.recordValue(micros);
        overTime.record(Duration.between(benchStart, now), micros);
        if (stored.incrementAndGet() == total) {
          allStored.tryComplete();
        }
      });
      long start = System.nanoTime();
      LoadGenerator load = new LoadGenerator(runtime.vertx(), runtime.broker(), devices, perDevice, rate / devices);
      load.run().onFailure(allStored::tryFail);
      try (Progress bar = Progress.open("bench", total, " readings")) {
        Stall stall = new Stall();
        while (!allStored.future().isComplete() && System.nanoTime() - start < timeout.toNanos()
            && !stall.since(load.acknowledged() == total, stored.get())) {
          bar.update(stored.get());
          Thread.sleep(250);
        }
        bar.update(stored.get());
      }
      report(System.out, total, stored.get(), System.nanoTime() - start, latencyMicros);
      if (rate > 0) {
        overTime.print(System.out);
      }
      if (load.waitedForWindow() > 0) {
        System.out.printf("offered rate not sustained: %d readings waited for their device's window of unacknowledged"
            + " messages (their latency counts from when they were due)%n", load.waitedForWindow());
      }
      if (stored.get() < total && load.acknowledged() == total) {
        System.out.printf("LOST: the broker acknowledged all %d readings to the devices but delivered only %d to"
            + " Vigil. A broker that drops queued QoS 1 messages (Mosquitto's default max_queued_messages is"
            + " 1000) loses readings: see mosquitto/mosquitto.conf.%n", total, stored.get());
      }
      return stored.get() == total ? 0 : 1;
    }
  }

  private Map<ConfigKey, String> overrides() throws java.io.IOException {
    Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
    Path data = Files.createTempDirectory("vigil-bench");
    o.put(ConfigKey.DATA_DIR, data.toString());
    o.put(ConfigKey.MQTT_EMBEDDED_PORT, Integer.toString(FreePort.find()));
    o.put(ConfigKey.PG_EMBEDDED_PORT, "0");
    o.put(ConfigKey.HTTP_PORT, Integer.toString(FreePort.find()));
    if (mqttUrl != null) {
      o.put(ConfigKey.MQTT_URL, mqttUrl);
      // Never join the production share group, and reuse one session run after run: a persistent session
      // left in a shared group keeps receiving its share of the devices' readings while nobody reads it.
      o.put(ConfigKey.MQTT_CLIENT_ID, "vigil-bench");
      o.put(ConfigKey.MQTT_TOPIC, "devices/+/telemetry");
    }
    if (pgUrl != null) {
      o.put(ConfigKey.PG_URL, pgUrl);
    }
    return o;
  }

  private void report(PrintStream out, long total, long stored, long nanos, Histogram latency) {
    double seconds = nanos / 1e9;
    Runtime rt = Runtime.getRuntime();
    out.printf("readings: %d of %d stored in %.1f s with %d devices, offered %s%n", stored, total, seconds, devices,
        rate > 0 ? String.format("%.0f readings/s", rate) : "as fast as the broker takes them");
    out.printf("throughput: %.0f readings/s (publish -> scored -> committed)%n", stored / seconds);
    out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
        latency.getMaxValue() / 1000.0);
    out.printf("heap used at end: %d MiB of %d MiB max%n",
        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
  }

  /** Nothing stored for a while after the broker acknowledged everything: what is missing is not coming. */
  static final class Stall {
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(15);
    private long lastCount = -1;
    private long lastChange = System.nanoTime();

    boolean since(boolean allPublished, long count) {
      if (count != lastCount) {
        lastCount = count;
        lastChange = System.nanoTime();
      }
      return allPublished && System.nanoTime() - lastChange > QUIET_NANOS;
    }
  }
}
