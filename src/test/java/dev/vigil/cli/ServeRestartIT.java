package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.AckCountingDevice;
import dev.vigil.testsupport.MosquittoProcess;
import dev.vigil.testsupport.ServeProcess;
import dev.vigil.testsupport.TestFiles;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * SIGTERM or kill -9 to `vigil serve` while devices publish, then a restart: every reading the broker
 * acknowledged to a device is stored exactly once, and a SIGTERM stop logs no error.
 *
 * <p>The broker is a real Mosquitto this test starts on its own port with persistence (Vigil's
 * session and its queue must outlive Vigil's stop), or the embedded broker, which stops with Vigil
 * and must keep Vigil's session and what it acknowledged to devices across that stop. Vigil runs in
 * a JVM of its own so that the stop is a real SIGTERM and shutdown hook.
 *
 * <p>A failed test keeps its folder ({@code vigil-serve-restart*} in the temp directory, named in the
 * output): both runs' logs and Vigil's data, for diagnosis. A passed one deletes it.
 */
class ServeRestartIT {

  private static final int DEVICES = 4;
  private static final long PUBLISH_PERIOD_MS = 40; // 25 readings/s per device, 100/s in all
  private static final long RECONNECT_PERIOD_MS = 250;

  private Vertx vertx;
  private MosquittoProcess broker;
  private String pgUri;
  /** How serve finds its database: VIGIL_PG_URL, or the embedded one's port. */
  private Map<String, String> database;
  private Path dir;
  /** Where devices publish: the test's Mosquitto, or the embedded broker of `serve`. */
  private int mqttPort;
  private boolean embeddedBroker;
  private boolean kill;
  private final List<AckCountingDevice> devices = new java.util.ArrayList<>();

  /** JUnit calls it after {@link #stop()}: by then every process of the test is gone. */
  @RegisterExtension
  final TestWatcher folderKeptOnlyOnFailure = new TestWatcher() {
    @Override
    public void testSuccessful(ExtensionContext context) {
      TestFiles.deleteTree(dir);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
      TestFiles.deleteTree(dir);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (dir != null) {
        System.out.println(context.getDisplayName() + " failed: its serve logs and data are kept in " + dir);
      }
    }
  };

  @BeforeEach
  void start() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "no /usr/sbin/mosquitto on this machine");
    vertx = Vertx.vertx();
    broker = MosquittoProcess.start();
    pgUri = TestInfra.freshDatabase();
    dir = Files.createTempDirectory("vigil-serve-restart");
  }

  @AfterEach
  void stop() throws Exception {
    devices.forEach(AckCountingDevice::stop);
    if (broker != null) {
      broker.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void sigtermMidStreamStoresEveryAcknowledgedReadingOnceAndLogsNoError() throws Exception {
    database = Map.of("VIGIL_PG_URL", pgUri);
    mqttPort = broker.port();
    stopMidStreamAndRestart();
  }

  /**
   * The zero-install broker: `serve` embeds it, so the SIGTERM stops the broker too. What it
   * acknowledged to a device and had not yet handed to Vigil must be on its disk and delivered after
   * the restart; devices reconnect as real ones would.
   */
  @Test
  void sigtermMidStreamWithTheEmbeddedBrokerStoresEveryAcknowledgedReadingOnceAndLogsNoError() throws Exception {
    database = Map.of("VIGIL_PG_URL", pgUri);
    embeddedBroker = true;
    mqttPort = TestInfra.freePort();
    stopMidStreamAndRestart();
  }

  /**
   * The zero-install mode killed with SIGKILL (an OOM killer, a power cut of the process): no drain, no
   * clean broker stop. What the embedded broker acknowledged to devices is on its disk; after the
   * restart it admits devices only once Vigil's session is back, so nothing is acknowledged into a
   * session nobody reads. Devices try to reconnect from the moment the broker is gone, as real ones do.
   */
  @Test
  void kill9MidStreamWithTheEmbeddedBrokerStoresEveryAcknowledgedReadingOnce() throws Exception {
    database = Map.of("VIGIL_PG_URL", pgUri);
    embeddedBroker = true;
    kill = true;
    mqttPort = TestInfra.freePort();
    stopMidStreamAndRestart();
  }

  /**
   * The zero-install database: the embedded PostgreSQL must outlive Vigil's drain (its library stops
   * it from a shutdown hook of its own, which ran concurrently with Vigil's stop).
   */
  @Test
  void sigtermMidStreamWithTheEmbeddedDatabaseStoresEveryAcknowledgedReadingOnceAndLogsNoError() throws Exception {
    int port = TestInfra.freePort();
    database = Map.of("VIGIL_PG_EMBEDDED_PORT", Integer.toString(port));
    pgUri = "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    mqttPort = broker.port();
    stopMidStreamAndRestart();
  }

  private void stopMidStreamAndRestart() throws Exception {
    ServeProcess first = serve("first.log");
    try {
      for (int d = 0; d < DEVICES; d++) {
        AckCountingDevice device = new AckCountingDevice(vertx, "graceful-" + d).connect(mqttPort);
        devices.add(device);
        device.publishEvery(PUBLISH_PERIOD_MS);
      }
      awaitCondition("400 readings acknowledged and 200 stored before the stop",
          () -> acknowledged() >= 400 && stored() >= 200, 120);

      long stopAt = System.nanoTime();
      if (kill) {
        first.kill();
      } else {
        first.terminate();
      }
      long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
      int ackedAtStop = acknowledged();
      if (embeddedBroker) {
        devices.forEach(device -> device.keepConnected(mqttPort, RECONNECT_PERIOD_MS));
      }
      Thread.sleep(1000); // devices keep publishing while Vigil is away; the broker queues for its session

      try (ServeProcess second = serve("second.log")) {
        long restartedAt = System.nanoTime();
        awaitCondition("300 more readings acknowledged after the restart", () -> acknowledged() >= ackedAtStop + 300, 120);
        devices.forEach(AckCountingDevice::stop);
        Thread.sleep(500); // the last PUBACKs
        int acked = acknowledged();
        awaitCondition(() -> "every acknowledged reading stored: " + acked + " acknowledged, " + stored()
            + " stored; acknowledged but not stored: " + missing(), () -> stored() >= acked, 120);
        long caughtUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        System.out.printf("%s: acknowledged %d, stored %d, duplicates %d, stop took %d ms,"
            + " restart to caught up %d ms; device connection attempts meanwhile: %d found no broker, %d refused%n",
            kill ? "kill -9" : "SIGTERM", acked, stored(), duplicates(), stoppedMs, caughtUpMs,
            devices.stream().mapToInt(AckCountingDevice::failedConnections).sum(), refused());

        for (AckCountingDevice device : devices) {
          Set<Integer> stored = storedSeqs(device.deviceId());
          assertThat(stored).as("stored seqs of %s: every acknowledged one", device.deviceId())
              .containsAll(device.acknowledged());
          // A reading whose PUBACK died with the connection may be stored all the same (at least once):
          // it was published, so it is no phantom; the device was just never told.
          assertThat(stored).as("stored seqs of %s: only published ones", device.deviceId())
              .allMatch(seq -> seq >= 0 && seq < device.published());
        }
        assertThat(duplicates()).as("rows stored twice").isZero();
        if (embeddedBroker) {
          assertThat(refused()).as("device connections the restarted broker refused until Vigil's session was back")
              .isPositive();
        }
        second.terminate();
        assertThat(second.errorLines()).as("errors logged by the second run").isEmpty();
      }
      if (!kill) {
        assertThat(first.errorLines()).as("errors logged while stopping:\n%s", first.output()).isEmpty();
        assertThat(first.output()).doesNotContain("Pool closed").contains("Vigil stopped");
      }
    } finally {
      first.close();
    }
  }

  private ServeProcess serve(String logName) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(database);
    if (embeddedBroker) {
      env.put("VIGIL_MQTT_EMBEDDED_PORT", Integer.toString(mqttPort));
    } else {
      env.put("VIGIL_MQTT_URL", broker.url());
    }
    env.putAll(Map.of(
        "VIGIL_HTTP_PORT", Integer.toString(TestInfra.freePort()),
        "VIGIL_MQTT_CLIENT_ID", "vigil-serve-restart-it",
        "VIGIL_MQTT_TOPIC", "devices/+/telemetry",
        "VIGIL_SCORING_LANES", "1",
        "VIGIL_PG_POOL_SIZE", "4",
        "VIGIL_DATA_DIR", dir.resolve("data").toString()));
    return ServeProcess.start(dir.resolve(logName), env, List.of("-Xmx384m"));
  }

  private int refused() {
    return devices.stream().mapToInt(AckCountingDevice::refusedConnections).sum();
  }

  private int acknowledged() {
    return devices.stream().mapToInt(d -> d.acknowledged().size()).sum();
  }

  private int stored() {
    return Integer.parseInt(query("SELECT count(DISTINCT (device_id, seq)) FROM readings"));
  }

  private int duplicates() {
    return Integer.parseInt(query("SELECT count(*) - count(DISTINCT (device_id, seq)) FROM readings"));
  }

  private Set<Integer> storedSeqs(String deviceId) {
    String list = query("SELECT coalesce(string_agg(seq::text, ','), '') FROM readings WHERE device_id = '"
        + deviceId + "'");
    Set<Integer> seqs = new HashSet<>();
    for (String s : list.split(",")) {
      if (!s.isEmpty()) {
        seqs.add(Integer.parseInt(s));
      }
    }
    return seqs;
  }

  private String query(String sql) {
    try {
      return TestInfra.queryString(pgUri, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCondition(String what, BooleanSupplier done, int seconds) throws InterruptedException {
    awaitCondition(() -> what, done, seconds);
  }

  /** Waits for {@code done}; on timeout fails with {@code state}, read then (what was reached, what is missing). */
  private static void awaitCondition(Supplier<String> state, BooleanSupplier done, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waiting for: " + state.get());
      }
      Thread.sleep(200);
    }
  }

  /** Per device, the acknowledged seqs that have no row. */
  private Map<String, List<Integer>> missing() {
    Map<String, List<Integer>> out = new java.util.TreeMap<>();
    for (AckCountingDevice device : devices) {
      Set<Integer> stored = storedSeqs(device.deviceId());
      List<Integer> lost = device.acknowledged().stream().filter(seq -> !stored.contains(seq)).sorted().toList();
      if (!lost.isEmpty()) {
        out.put(device.deviceId(), lost);
      }
    }
    return out;
  }
}
