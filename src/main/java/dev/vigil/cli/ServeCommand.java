package dev.vigil.cli;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.infra.VigilRuntime;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil serve}: runs an instance until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run Vigil: ingest, scoring, storage, alerts, dashboard.",
        "With nothing configured it starts an embedded MQTT broker and PostgreSQL (data under ./data).",
        "Every setting also reads a VIGIL_* environment variable; see docs/configuration.md."})
public final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (keys as in docs/configuration.md).")
  Path configFile;

  @Option(names = "--simulate", paramLabel = "N", description = "Also run a simulated fleet of N devices against the broker.")
  int simulate;

  @Option(names = "--simulate-rate", paramLabel = "R", defaultValue = "1", description = "Readings per second per simulated device (default: ${DEFAULT-VALUE}).")
  double simulateRate;

  @Option(names = "--mqtt-url", description = "Broker URL (VIGIL_MQTT_URL). Default: embedded broker.")
  String mqttUrl;

  @Option(names = "--pg-url", description = "PostgreSQL URL (VIGIL_PG_URL). Default: embedded PostgreSQL.")
  String pgUrl;

  @Option(names = "--http-port", description = "Dashboard and API port (VIGIL_HTTP_PORT, default 8080).")
  Integer httpPort;

  @Option(names = "--mqtt-port", description = "Embedded broker port (VIGIL_MQTT_EMBEDDED_PORT, default 1883).")
  Integer mqttPort;

  @Option(names = "--data-dir", description = "Data directory of the embedded broker and PostgreSQL (VIGIL_DATA_DIR, default ./data).")
  String dataDir;

  @Option(names = "--cluster", description = "Join a Vert.x cluster (Hazelcast) with the other instances.")
  boolean cluster;

  @Override
  public Integer call() throws Exception {
    VigilConfig config;
    VigilRuntime runtime;
    try {
      config = ConfigLoader.load(configFile, System.getenv(), overrides());
      runtime = VigilRuntime.start(config);
    } catch (ConfigException e) {
      System.err.println("vigil: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      LOG.debug("start-up failed", e);
      System.err.println("vigil: cannot start: " + causes(e));
      return 1;
    }
    FleetRunner fleet = simulate > 0 ? FleetRunner.start(runtime, simulate, simulateRate) : null;
    System.out.println(Banner.of(runtime, config, simulate));
    awaitShutdown(runtime, fleet);
    return 0;
  }

  private Map<ConfigKey, String> overrides() {
    Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
    putIfSet(o, ConfigKey.MQTT_URL, mqttUrl);
    putIfSet(o, ConfigKey.PG_URL, pgUrl);
    putIfSet(o, ConfigKey.HTTP_PORT, httpPort);
    putIfSet(o, ConfigKey.MQTT_EMBEDDED_PORT, mqttPort);
    putIfSet(o, ConfigKey.DATA_DIR, dataDir);
    if (cluster) {
      o.put(ConfigKey.CLUSTER, "true");
    }
    return o;
  }

  /** Every distinct message down the cause chain: the outer one says what, the inner ones why. */
  static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (b.indexOf(m) < 0) {
        b.append(b.length() == 0 ? "" : ": ").append(m);
      }
    }
    return b.toString();
  }

  private static void putIfSet(Map<ConfigKey, String> o, ConfigKey key, Object value) {
    if (value != null) {
      o.put(key, value.toString());
    }
  }

  private static void awaitShutdown(VigilRuntime runtime, FleetRunner fleet) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping Vigil");
      if (fleet != null) {
        fleet.stop();
      }
      runtime.close();
      stopped.countDown();
    }, "vigil-shutdown"));
    stopped.await();
  }
}
