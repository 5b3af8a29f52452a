package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.config.ConfigKey;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two clustered Vigil instances in one JVM (Hazelcast over 127.0.0.1), one PostgreSQL, one broker
 * handing a shared subscription's messages to both in turn: every device is scored by exactly one
 * instance, its owner, whichever instance the broker gave each reading to; and when an instance
 * leaves, the other takes its devices over with the models they had.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOwnershipIT {

  private static final long WAIT_MS = 90_000;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static String pgUri;
  private static VigilRuntime first;
  private static VigilRuntime second;
  private static final Map<VigilRuntime, Integer> HTTP_PORTS = new ConcurrentHashMap<>();
  private static final Map<VigilRuntime, String> CLIENT_IDS = new ConcurrentHashMap<>();
  /** Device id to the node ids of the instances that stored (hence scored) its readings. */
  private static final Map<String, Set<String>> SCORED_BY = new ConcurrentHashMap<>();
  private static final AtomicInteger STORED = new AtomicInteger();
  private static Vertx client;
  private static MqttClient device;

  @BeforeAll
  static void startTwoClusteredInstances() throws Exception {
    pgUri = TestInfra.freshDatabase();
    int hazelcastA = TestInfra.freePort();
    int hazelcastB = TestInfra.freePort();
    String members = "127.0.0.1:" + hazelcastA + ",127.0.0.1:" + hazelcastB;
    first = start("a", hazelcastA, members);
    second = start("b", hazelcastB, members);
    await("both instances see two members", () -> view(first).members().size() == 2
        && view(second).members().size() == 2);
    client = Vertx.vertx();
    device = MqttClient.create(client, new MqttClientOptions().setClientId("vigil-it-own-device-" + RUN)
        .setMaxInflightQueue(1000));
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
  }

  /**
   * One instance, clustered over 127.0.0.1 under a cluster name of its own (other test runs on this
   * machine cannot join), subscribed to a shared subscription group of its own.
   */
  private static VigilRuntime start(String name, int hazelcastPort, String members) throws Exception {
    Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
    String clientId = "vigil-it-own-" + name + "-" + RUN;
    settings.put(ConfigKey.MQTT_CLIENT_ID, clientId);
    settings.put(ConfigKey.MQTT_TOPIC, "$share/vigil-it-" + RUN + "/devices/+/telemetry");
    settings.put(ConfigKey.CLUSTER, "true");
    settings.put(ConfigKey.CLUSTER_NAME, "vigil-it-" + RUN);
    settings.put(ConfigKey.CLUSTER_HOST, "127.0.0.1");
    settings.put(ConfigKey.CLUSTER_PORT, Integer.toString(hazelcastPort));
    settings.put(ConfigKey.CLUSTER_MEMBERS, members);
    settings.put(ConfigKey.SCORING_LANES, "2");
    settings.put(ConfigKey.SCORING_WARMUP, "10");
    int httpPort = TestInfra.freePort();
    VigilRuntime runtime = TestVigil.start(pgUri, httpPort, settings);
    HTTP_PORTS.put(runtime, httpPort);
    CLIENT_IDS.put(runtime, clientId);
    String node = view(runtime).self();
    runtime.vertx().eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
        m -> m.body().readings().forEach(scored -> {
          SCORED_BY.computeIfAbsent(scored.reading().deviceId(), d -> ConcurrentHashMap.newKeySet()).add(node);
          STORED.incrementAndGet();
        })).completion().await();
    return runtime;
  }

  @AfterAll
  static void stopAndForgetSessions() throws Exception {
    if (device != null) {
      device.disconnect().await();
    }
    for (VigilRuntime runtime : Arrays.asList(first, second)) {
      if (runtime != null) {
        runtime.close();
        forgetSession(CLIENT_IDS.get(runtime));
      }
    }
    if (client != null) {
      client.close().await();
    }
  }

  @Test
  @Order(1)
  void everyDeviceIsScoredByTheOneInstanceThatOwnsItWhicheverInstanceTheBrokerGaveTheReadingTo() throws Exception {
    assertThat(view(first).members()).isEqualTo(view(second).members());
    // An odd number of devices, published round by round: the broker's turn-taking then gives every
    // device's readings to both instances alternately.
    List<String> devices = devicesOwned("own", Map.of(view(first).self(), 5, view(second).self(), 4));
    int rounds = 20;
    Instant t0 = Instant.now().minusSeconds(3600);
    for (int r = 0; r < rounds; r++) {
      for (String d : devices) {
        publish(d, t0.plusSeconds(10L * r), r);
      }
    }

    await("every reading stored", () -> count("SELECT count(*) FROM readings WHERE device_id LIKE 'own-" + RUN
        + "-%'") == devices.size() * rounds && devices.stream().allMatch(SCORED_BY::containsKey));
    for (String d : devices) {
      assertThat(count("SELECT count(*) FROM readings WHERE device_id = '" + d + "'")).as(d).isEqualTo(rounds);
      assertThat(SCORED_BY.get(d)).as("instances that scored %s", d).containsExactly(view(first).ownerOf(d));
    }
    // The readings really took both paths: each instance sent some to the other and scored some for it.
    for (VigilRuntime runtime : List.of(first, second)) {
      assertThat(metric(runtime, "vigil_ingest_to_owner_total")).isPositive();
      assertThat(metric(runtime, "vigil_ingest_from_peers_total")).isPositive();
      assertThat(metric(runtime, "vigil_cluster_members")).isEqualTo(2.0);
    }
  }

  @Test
  @Order(2)
  void whenAnInstanceLeavesTheOtherTakesItsDevicesOverWithTheModelsTheyHad() throws Exception {
    String leaving = view(second).self();
    String staying = view(first).self();
    List<String> devices = devicesOwned("move", Map.of(leaving, 3));
    Instant t0 = Instant.now().minusSeconds(7200);
    for (int r = 0; r < 30; r++) {
      for (String d : devices) {
        publish(d, t0.plusSeconds(10L * r), r);
      }
    }
    await("a model trained by the owner for every device", () -> devices.stream().allMatch(d ->
        count("SELECT count(*) FROM models WHERE device_id = '" + d + "'") == 1
            && count("SELECT count(*) FROM readings WHERE device_id = '" + d + "'") == 30));
    devices.forEach(d -> assertThat(SCORED_BY.get(d)).containsExactly(leaving));

    second.close();
    forgetSession(CLIENT_IDS.get(second));
    second = null;
    await("the instance that stays sees itself alone", () -> view(first).members().equals(List.of(staying)));
    for (int r = 30; r < 120; r++) {
      for (String d : devices) {
        publish(d, t0.plusSeconds(10L * r), r);
      }
    }

    await("every reading after the handover stored", () -> devices.stream().allMatch(d ->
        count("SELECT count(*) FROM readings WHERE device_id = '" + d + "'") == 120));
    for (String d : devices) {
      assertThat(SCORED_BY.get(d)).as("instances that scored %s", d).containsExactlyInAnyOrder(leaving, staying);
      long version = count("SELECT version FROM models WHERE device_id = '" + d + "'");
      // The new owner judged with the model the old one trained (reloaded from the registry), rather
      // than warming up and training a version of its own.
      assertThat(count("SELECT count(*) FROM models WHERE device_id = '" + d + "'")).as(d).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM readings WHERE device_id = '" + d + "' AND seq >= 30"
          + " AND model_version = " + version)).as(d).isPositive();
      assertThat(count("SELECT count(*) FROM readings WHERE device_id = '" + d + "' AND seq >= 30"
          + " AND model_version NOT IN (0, " + version + ")")).as(d).isZero();
    }
  }

  /** Fresh device ids, as many per owner (node id) as asked, by the owners' shared view. */
  private static List<String> devicesOwned(String prefix, Map<String, Integer> wanted) {
    Map<String, Integer> left = new ConcurrentHashMap<>(wanted);
    List<String> devices = new ArrayList<>();
    for (int i = 0; left.values().stream().anyMatch(n -> n > 0); i++) {
      String id = prefix + "-" + RUN + "-" + i;
      String owner = view(first).ownerOf(id);
      if (left.getOrDefault(owner, 0) > 0) {
        left.merge(owner, -1, Integer::sum);
        devices.add(id);
      }
    }
    return devices;
  }

  private static void publish(String deviceId, Instant ts, int seq) {
    JsonObject payload = new JsonObject().put("ts", ts.toString()).put("seq", seq)
        .put("metrics", new JsonObject().put("temperature", 21 + Math.sin(seq / 4.0) + (seq * 7919 % 13) / 26.0));
    device.publish("devices/" + deviceId + "/telemetry", payload.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false)
        .await();
  }

  private static ClusterView view(VigilRuntime runtime) {
    return runtime.clusterView().orElseThrow();
  }

  /** A sample's value on the instance's own /metrics page (Prometheus text), 0 when absent. */
  private static double metric(VigilRuntime runtime, String name) throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + HTTP_PORTS.get(runtime) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(page.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }

  private static long count(String sql) {
    try {
      String value = TestInfra.queryString(pgUri, sql);
      return value == null ? 0 : Long.parseLong(value);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT_MS / 1000 + " s: " + what + " (stored events seen: "
            + STORED.get() + ")");
      }
      Thread.sleep(100);
    }
  }

  /** Removes a persistent session (and so its place in the shared subscription group) from the broker. */
  private static void forgetSession(String clientId) {
    Vertx cleanup = Vertx.vertx();
    try {
      MqttClient c = MqttClient.create(cleanup, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
      c.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
      c.disconnect().await();
    } finally {
      cleanup.close().await();
    }
  }
}
