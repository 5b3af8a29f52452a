package dev.vigil.bench;

import dev.vigil.cli.HumanDuration;

import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.infra.DirectoryTree;
import dev.vigil.infra.FreePort;
import dev.vigil.infra.VigilRuntime;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench}: Vigil against the limits of its own broker and database, measured in the same
 * run ({@link BenchRun}), or with {@code --jmh} the per-reading scoring cost. Figures go to
 * docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure Vigil against its broker's and database's own limits, in one run, on the same broker and",
        "database: the broker alone (same publishers, a subscriber that only acknowledges), PostgreSQL alone (the",
        "store's own batch statement), then Vigil (MQTT publish to committed row), interleaved over rounds",
        "after one unmeasured phase of the broker and of Vigil, flat out; then the highest rate the broker alone and",
        "Vigil each sustain (paced phases); then each at half of its maximum for the latency. Starts its own",
        "instance (embedded broker and PostgreSQL in a temp folder, deleted at the end) unless --mqtt-url/--pg-url",
        "are given. --jmh: scoring micro-benchmarks."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--devices", defaultValue = "20", description = "Device connections publishing (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--metrics", defaultValue = "3", description = "Metrics per reading (default: ${DEFAULT-VALUE}).")
  int metrics;

  @Option(names = "--rate", defaultValue = "0", description = "Readings/s offered in all in the latency phases, exactly"
      + " (no rounding to whole milliseconds); 0: half of each contender's measured maximum (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--warmup", defaultValue = "5s", converter = HumanDuration.class, description = "Load before each measurement window (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "15s", converter = HumanDuration.class, description = "Measurement window per phase (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each contender, interleaved (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--search-steps", defaultValue = "6", description = "Paced phases per contender (broker alone,"
      + " Vigil) searching the highest rate each sustains: at least 97%% delivered, none lost, p99 at most 1 s; 0: no"
      + " search (default: ${DEFAULT-VALUE}).")
  int searchSteps;

  @Option(names = "--fleet", defaultValue = "0", description = "Then a fleet phase with this many new devices, paced at"
      + " Vigil's half-load rate, for memory per device; 0: none (default: ${DEFAULT-VALUE}).")
  int fleet;

  @Option(names = "--fleet-readings", defaultValue = "300", description = "Readings per fleet device, enough that"
      + " every device is judged (default: ${DEFAULT-VALUE}).")
  long fleetReadings;

  @Option(names = "--load-generator", defaultValue = "process", description = "Where the publishers run: 'process'"
      + " (a child JVM from the same jar) or 'inside' (Vigil's JVM) (default: ${DEFAULT-VALUE}).")
  String loadGenerator;

  @Option(names = "--broker-session", defaultValue = "persistent", description = "Session of the broker-alone"
      + " subscriber: 'persistent', the kind Vigil's ingest holds so that its queue survives a restart, or 'clean',"
      + " which a broker may queue in memory only (default: ${DEFAULT-VALUE}).")
  String brokerSession;

  @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Interface of the bench instance's"
      + " dashboard (default: ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(names = "--http-port", description = "Port of the bench instance's dashboard (default: VIGIL_HTTP_PORT if"
      + " set, else any free port).")
  Integer httpPort;

  @Option(names = "--mqtt-url", description = "Use this broker instead of an embedded one.")
  String mqttUrl;

  @Option(names = "--pg-url", description = "Use this PostgreSQL instead of an embedded one (rows are written to it;"
      + " it must hold no readings yet).")
  String pgUrl;

  @Option(names = "--broker-pid", description = "Process id of the broker, when the bench cannot find it by its port.")
  Long brokerPid;

  @Option(names = "--json", description = "Also write every figure to this file as JSON.")
  Path json;

  @Option(names = "--jmh", description = "Run the JMH scoring benchmarks instead.")
  boolean jmh;

  @Override
  public Integer call() throws Exception {
    if (jmh) {
      ScoringBenchmarks.run(System.out);
      return 0;
    }
    Path data = Files.createTempDirectory("vigil-bench");
    JsonObject figures;
    try {
      figures = measure(ConfigLoader.load(null, System.getenv(), overrides(System.getenv(), data)));
    } catch (Infra.DatabaseNotEmpty e) {
      System.err.println("vigil bench: " + e.getMessage());
      return 2;
    } finally {
      // The bench's private data: an embedded broker's and database's files, gigabytes after a long run.
      DirectoryTree.delete(data);
    }
    BenchReport.print(figures, System.out);
    if (json != null) {
      Files.writeString(json, figures.encodePrettily());
    }
    return 0;
  }

  private JsonObject measure(VigilConfig config) throws Exception {
    BenchSettings settings = settings(config.storeBatchSize());
    try (VigilRuntime runtime = VigilRuntime.start(config);
        Infra infra = new Infra(runtime, config.embeddedBroker(), brokerPid == null ? OptionalLong.empty()
            : OptionalLong.of(brokerPid))) {
      infra.requireNoReadings();
      return new BenchRun(runtime, settings, infra, System.err).run();
    }
  }

  BenchSettings settings(int batchSize) {
    if (!loadGenerator.equals("process") && !loadGenerator.equals("inside")) {
      throw new IllegalArgumentException("--load-generator is 'process' or 'inside', was " + loadGenerator);
    }
    if (!brokerSession.equals("persistent") && !brokerSession.equals("clean")) {
      throw new IllegalArgumentException("--broker-session is 'persistent' or 'clean', was " + brokerSession);
    }
    if (devices < 1 || metrics < 1 || rounds < 1 || rate < 0 || searchSteps < 0 || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("--devices, --metrics, --rounds at least 1, --rate and --search-steps >= 0, --duration > 0");
    }
    return new BenchSettings(devices, metrics, rate, warmup, duration, rounds, fleet, fleetReadings,
        loadGenerator.equals("process"), batchSize, brokerSession.equals("clean"), searchSteps);
  }

  /** A private instance: its own data folder and ports; the dashboard on loopback unless asked otherwise. */
  Map<ConfigKey, String> overrides(Map<String, String> env, Path data) {
    Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
    o.put(ConfigKey.DATA_DIR, data.toString());
    o.put(ConfigKey.MQTT_EMBEDDED_PORT, Integer.toString(FreePort.find()));
    o.put(ConfigKey.PG_EMBEDDED_PORT, "0");
    o.put(ConfigKey.HTTP_HOST, httpHost);
    if (httpPort != null) {
      o.put(ConfigKey.HTTP_PORT, httpPort.toString());
    } else if (!env.containsKey(ConfigKey.HTTP_PORT.envVar())) {
      o.put(ConfigKey.HTTP_PORT, Integer.toString(FreePort.find()));
    }
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
}
