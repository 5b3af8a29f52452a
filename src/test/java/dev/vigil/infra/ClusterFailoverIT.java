package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover, as an operator meets it: two Vigil JVMs ({@code serve --cluster}, Hazelcast over
 * 127.0.0.1) reading a shared subscription from a real Mosquitto with persistence, a publisher of
 * {@value #DEVICES} devices at a steady {@value #READINGS_PER_SECOND} readings/s counting PUBACKs,
 * and kill -9 (or SIGTERM, an instance removed for good) of one JVM mid-stream. Without failover the broker keeps queuing the dead member's
 * share in its persistent session and nobody receives it; with it, the survivor adopts that session
 * and drains it. Counts acknowledged against distinct stored readings (exact), duplicates (exact),
 * per-device order inversions and the longest per-device gap in arrival (logged: recovery time).
 */
class ClusterFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);
  static final int DEVICES = 10;
  static final int READINGS_PER_SECOND = 100;
  private static final Duration BEFORE_KILL = Duration.ofSeconds(15);
  private static final Duration AFTER_KILL = Duration.ofSeconds(25);
  private static final long WAIT_MS = 180_000;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Path> logs = new HashMap<>();
  private Vertx vertx;

  @AfterEach
  void stopEverythingWeStarted() {
    processes.forEach(Process::destroyForcibly);
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** How the doomed instance goes: a crash, or an operator removing it for good. */
  enum Stop {
    KILL_9, SIGTERM;

    void apply(Process p) {
      if (this == KILL_9) {
        p.destroyForcibly(); // SIGKILL: no goodbye to the cluster or the broker
      } else {
        p.destroy(); // SIGTERM: Vigil stops as an operator stops it, and is not started again
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void stoppingOneOfTwoInstancesUnderLoadLosesAndDuplicatesNoAcknowledgedReading(Stop stop) throws Exception {
    String mosquitto = mosquittoBinary();
    assumeTrue(mosquitto != null, "needs the mosquitto binary (apt-get install mosquitto)");
    // Under target/: the instances' and the broker's logs stay for a look after a failure, and go with mvn clean.
    Path work = Files.createDirectories(Path.of("target", "cluster-failover-" + run).toAbsolutePath());
    int mqttPort = TestInfra.freePort();
    startMosquitto(mosquitto, work, mqttPort);
    String pgUri = TestInfra.freshDatabase();
    int hazelcastA = TestInfra.freePort();
    int hazelcastB = TestInfra.freePort();
    String members = "127.0.0.1:" + hazelcastA + ",127.0.0.1:" + hazelcastB;
    int httpA = TestInfra.freePort();
    int httpB = TestInfra.freePort();
    startVigil(work, "a", mqttPort, pgUri, hazelcastA, members, httpA);
    Process doomed = startVigil(work, "b", mqttPort, pgUri, hazelcastB, members, httpB);
    await("both instances healthy and clustered", () -> metric(httpA, "vigil_cluster_members") == 2.0
        && metric(httpB, "vigil_cluster_members") == 2.0);

    vertx = Vertx.vertx();
    CountingPublisher publisher = new CountingPublisher(vertx, "failover-" + run, DEVICES);
    publisher.connect(mqttPort).await();
    publisher.start(READINGS_PER_SECOND);
    Thread.sleep(BEFORE_KILL.toMillis());
    long killedAt = System.currentTimeMillis();
    stop.apply(doomed);
    LOG.info("stopped instance b ({}) at {} after {} readings acknowledged", stop, killedAt, publisher.acked().size());
    Thread.sleep(AFTER_KILL.toMillis());
    publisher.stop();
    await("the publisher's last readings acknowledged", publisher::settled);
    Set<String> acked = publisher.acked();

    // No throw on time-out here: the assertions below then say which readings are missing.
    poll(() -> storedKeys(pgUri).containsAll(acked));
    Set<String> stored = storedKeys(pgUri);
    long rows = count(pgUri, "SELECT count(*) FROM readings WHERE device_id LIKE 'failover-" + run + "-%'");
    Arrival arrival = arrival(pgUri, killedAt);
    LOG.info("failover after {}: {} offered, {} acknowledged, {} distinct stored, {} rows; {} per-device order inversions;"
        + " longest per-device gap in arrival {} ms (device {}), before the kill {} ms",
        stop, publisher.published(), acked.size(), stored.size(), rows, arrival.inversions, arrival.longestGapMs,
        arrival.slowestDevice, arrival.longestGapBeforeMs);
    assertThat(stored).as("stored readings (lost = acknowledged, not stored)").containsAll(acked);
    assertThat(rows).as("rows (duplicates = rows beyond distinct readings)").isEqualTo(stored.size());
    assertThat(stored).as("every stored reading was published").allMatch(publisher::wasPublished);
    assertThat(Files.readString(logs.get("a"))).as("the survivor drained the dead member's session")
        .contains("drained the broker session vigil-failover-b-" + run);
  }

  // --- infrastructure the test owns ------------------------------------------------------------

  private void startMosquitto(String binary, Path work, int port) throws Exception {
    Path dir = Files.createDirectories(work.resolve("mosquitto"));
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\n"
        + "persistence_location " + dir + "/\nmax_queued_messages 0\nmax_inflight_messages 1000\n");
    start("mosquitto", List.of(binary, "-c", conf.toString()), Map.of(), work);
    await("mosquitto listening on " + port, () -> listening(port));
  }

  /** {@code vigil serve --cluster} in a JVM of its own, on the test's class path, loopback only. */
  private Process startVigil(Path work, String name, int mqttPort, String pgUri, int hazelcastPort, String members,
      int httpPort) throws Exception {
    Path config = work.resolve(name + ".properties");
    Files.writeString(config, String.join("\n",
        "mqtt.url=mqtt://127.0.0.1:" + mqttPort,
        "mqtt.client.id=vigil-failover-" + name + "-" + run,
        "pg.url=" + pgUri,
        "http.host=127.0.0.1",
        "http.port=" + httpPort,
        "cluster.name=vigil-failover-" + run,
        "cluster.host=127.0.0.1",
        "cluster.port=" + hazelcastPort,
        "cluster.members=" + members,
        "data.dir=" + work.resolve(name + "-data"), ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = start(name, List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "dev.vigil.cli.Main", "serve", "--cluster", "--config", config.toString()), Map.of(), work);
    await("instance " + name + " healthy", () -> health(httpPort) == 200 || !p.isAlive());
    assertThat(p.isAlive()).as("instance %s running (log: %s)", name, logs.get(name)).isTrue();
    return p;
  }

  private Process start(String name, List<String> command, Map<String, String> env, Path work) throws IOException {
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VIGIL_")); // only the settings above count
    builder.environment().putAll(env);
    Process p = builder.start();
    processes.add(p);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // even if the test JVM is stopped
    logs.put(name, log);
    LOG.info("started {} (pid {}), log {}", name, p.pid(), log);
    return p;
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** mosquitto on the PATH, else where Debian installs it (/usr/sbin is not on every PATH); null if absent. */
  private static String mosquittoBinary() {
    return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "mosquitto"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst().orElse(null);
  }

  // --- what the database holds -------------------------------------------------------------------

  /** {@code device/seq} of every stored reading of this run. */
  private Set<String> storedKeys(String pgUri) throws Exception {
    Set<String> keys = new HashSet<>();
    try (Connection c = TestInfra.connect(pgUri); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT device_id, seq FROM readings WHERE device_id LIKE 'failover-"
            + run + "-%'")) {
      while (rs.next()) {
        keys.add(rs.getString(1) + "/" + rs.getLong(2));
      }
    }
    return keys;
  }

  /** How readings arrived: order inversions (a lower seq after a higher one) and gaps, per device. */
  record Arrival(long inversions, long longestGapMs, String slowestDevice, long longestGapBeforeMs) {
  }

  private Arrival arrival(String pgUri, long killedAt) throws Exception {
    long inversions = 0;
    long longest = 0;
    long longestBefore = 0;
    String slowest = "";
    Map<String, long[]> last = new HashMap<>(); // device -> {seq, receivedAtMs, highest seq so far}
    try (Connection c = TestInfra.connect(pgUri); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT device_id, seq, (extract(epoch FROM received_at) * 1000)::int8"
            + " FROM readings WHERE device_id LIKE 'failover-" + run + "-%' ORDER BY device_id, received_at, seq")) {
      while (rs.next()) {
        String device = rs.getString(1);
        long seq = rs.getLong(2);
        long at = rs.getLong(3);
        long[] prev = last.get(device);
        if (prev != null) {
          inversions += seq < prev[2] ? 1 : 0;
          long gap = at - prev[1];
          if (at > killedAt && gap > longest) {
            longest = gap;
            slowest = device;
          }
          if (at <= killedAt) {
            longestBefore = Math.max(longestBefore, gap);
          }
        }
        last.put(device, new long[] {seq, at, Math.max(seq, prev == null ? seq : prev[2])});
      }
    }
    return new Arrival(inversions, longest, slowest, longestBefore);
  }

  private static long count(String pgUri, String sql) throws Exception {
    String value = TestInfra.queryString(pgUri, sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  // --- the instances' own pages ------------------------------------------------------------------

  private static int health(int httpPort) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static double metric(int httpPort, String name) {
    try {
      String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$")
          .matcher(page);
      return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void await(String what, BooleanSupplierWithException condition) throws Exception {
    if (!poll(condition)) {
      throw new AssertionError("not within " + WAIT_MS / 1000 + " s: " + what + "; logs: " + logs);
    }
  }

  /** Whether the condition held within {@link #WAIT_MS}. */
  private static boolean poll(BooleanSupplierWithException condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  @FunctionalInterface
  interface BooleanSupplierWithException {
    boolean getAsBoolean() throws Exception;
  }
}
