package dev.vigil.cli;

import dev.vigil.config.ConfigKey;
import dev.vigil.infra.VigilRuntime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.testsupport.BridgeClient;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole product as a user meets it: a device publishes over a real broker, Vigil stores the
 * reading with its score in a real PostgreSQL, raises the alert, and a browser's SockJS session
 * receives it live.
 */
class VigilEndToEndIT {

  private static final long WAIT_SECONDS = 30;

  private static VigilRuntime vigil;
  private static Vertx client;
  private static Pool db;
  private static MqttClient device;
  private static int httpPort;

  @BeforeAll
  static void startVigil() throws Exception {
    httpPort = TestInfra.freePort();
    String pgUri = TestInfra.freshDatabase();
    vigil = TestVigil.start(pgUri, httpPort,
        Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high", ConfigKey.SCORING_WARMUP, "30"));
    client = Vertx.vertx();
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(client).build();
    // Vigil acknowledges only once a reading is stored, so a device that sends a burst needs a window.
    device = MqttClient.create(client, new MqttClientOptions().setMaxInflightQueue(1000));
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
  }

  @AfterAll
  static void stopVigil() {
    device.disconnect().await();
    db.close().await();
    client.close().await();
    vigil.close();
  }

  @Test
  void readingOverThresholdIsStoredWithScoreAndItsAlertReachesTheBrowserLive() throws Exception {
    String deviceId = "kitchen-" + UUID.randomUUID().toString().substring(0, 8);
    try (BridgeClient browser = BridgeClient.connect(client, httpPort).register(Addresses.ALERTS)) {
      Thread.sleep(200); // let the register frame reach the bridge before the alert is published
      publish(deviceId, new JsonObject().put("metrics", new JsonObject().put("power_w", 5400)));

      JsonObject frame = browser.await(f -> "rec".equals(f.getString("type"))
          && deviceId.equals(f.getJsonObject("body").getString("deviceId")), WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(frame).as("alert frame on the SockJS bridge").isNotNull();
      assertThat(frame.getString("address")).isEqualTo(Addresses.ALERTS);
      assertThat(frame.getJsonObject("body").getString("kind")).isEqualTo("threshold");
      assertThat(frame.getJsonObject("body").getString("severity")).isEqualTo("high");
    }
    Row reading = awaitRow("SELECT score, metrics FROM readings WHERE device_id = $1", deviceId);
    assertThat(reading.getDouble("score")).isBetween(0.0, 1.0);
    assertThat(reading.getJsonObject("metrics").getDouble("power_w")).isEqualTo(5400.0);
    Row alert = awaitRow("SELECT kind, metric, severity, state FROM alerts WHERE device_id = $1", deviceId);
    assertThat(alert.getString("metric")).isEqualTo("power_w");
    assertThat(alert.getString("state")).isEqualTo("open");
  }

  @Test
  void sustainedSpikeAfterWarmUpRaisesAnAnomalyAlertThatExplainsTheMetric() throws Exception {
    String deviceId = "pump-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < 200; i++) {
      double normal = 40 + 2 * Math.sin(i / 5.0) + ((i * 7919) % 13) / 13.0;
      publish(deviceId, reading(t.plusSeconds(10L * i), i, normal));
    }
    for (int i = 200; i < 206; i++) {
      publish(deviceId, reading(t.plusSeconds(10L * i), i, 400));
    }
    Row alert = awaitRow("SELECT severity, explanation FROM alerts WHERE device_id = $1 AND kind = 'anomaly'",
        deviceId);
    assertThat(alert.getValue("explanation").toString()).contains("temperature");
  }

  @Test
  void judgedReadingsCarryTheModelsExpectedBandThroughTheReadingsApiAndTheLiveBridge() throws Exception {
    String deviceId = "boiler-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t = Instant.now().minus(Duration.ofHours(1));
    int n = 120; // warm-up 30, then 50 raw scores before the first verdict: the last 40 are judged
    try (BridgeClient browser = BridgeClient.connect(client, httpPort).register(Addresses.LIVE_READINGS)) {
      Thread.sleep(200); // let the register frame reach the bridge before readings are published
      for (int i = 0; i < n; i++) {
        publish(deviceId, reading(t.plusSeconds(10L * i), i, 40 + 2 * Math.sin(i / 5.0) + ((i * 7919) % 13) / 13.0));
      }
      // The relay throttles each device, but sends its latest reading when the gap ends.
      publish(deviceId, reading(t.plusSeconds(10L * n), n, 41.0));

      JsonObject live = browser.await(f -> "rec".equals(f.getString("type"))
          && deviceId.equals(f.getJsonObject("body").getString("deviceId"))
          && f.getJsonObject("body").getString("ts").equals(t.plusSeconds(10L * n).toString()), WAIT_SECONDS,
          TimeUnit.SECONDS);
      assertThat(live).as("live frame of the last reading").isNotNull();
      JsonObject liveBand = live.getJsonObject("body").getJsonObject("expected").getJsonObject("temperature");
      assertThat(liveBand.getDouble("low")).isBetween(35.0, 41.0);
      assertThat(liveBand.getDouble("high")).isBetween(41.0, 47.0);

      WebClient web = WebClient.create(client);
      JsonArray items = web.get(httpPort, "localhost", "/api/devices/" + deviceId + "/readings")
          .addQueryParam("from", t.minusSeconds(1).toString()).addQueryParam("limit", "5000").send().await()
          .bodyAsJsonObject().getJsonArray("items");
      web.close();
      assertThat(items).hasSize(n + 1);
      assertThat(items.getJsonObject(0).getJsonObject("expected")).as("warming up: no band").isEmpty();
      JsonObject last = items.getJsonObject(n);
      assertThat(last.getJsonObject("expected").getJsonObject("temperature")).as("stored band = live band")
          .isEqualTo(liveBand);
      long judged = items.stream().map(JsonObject.class::cast)
          .filter(r -> r.getJsonObject("expected").containsKey("temperature")).count();
      assertThat(judged).isGreaterThanOrEqualTo(n + 1 - 80);
    }
  }

  @Test
  void badPayloadIsKeptAsDeadLetterAndTheNextGoodOneStillArrives() throws Exception {
    String deviceId = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    device.publish("devices/" + deviceId + "/telemetry", Buffer.buffer("{\"metrics\":{\"t\":\"NaN\"}}"),
        MqttQoS.AT_LEAST_ONCE, false, false).await();
    publish(deviceId, new JsonObject().put("temperature", 21.5));
    Row dead = awaitRow("SELECT reason, payload FROM dead_letters WHERE device_id = $1", deviceId);
    assertThat(dead.getString("payload")).contains("NaN");
    awaitRow("SELECT 1 FROM readings WHERE device_id = $1", deviceId);
  }

  @Test
  void healthAndPrometheusMetricsAnswer() throws Exception {
    WebClient web = WebClient.create(client);
    var health = web.get(httpPort, "localhost", "/health").send().await();
    assertThat(health.statusCode()).isEqualTo(200);
    var metrics = web.get(httpPort, "localhost", "/metrics").send().await();
    assertThat(metrics.bodyAsString()).contains("vigil_");
    web.close();
  }

  @Test
  void browserCannotPublishOnTheBridge() throws Exception {
    try (BridgeClient browser = BridgeClient.connect(client, httpPort).register(Addresses.ALERTS)) {
      browser.publish(Addresses.ALERTS, new JsonObject().put("deviceId", "forged"));
      JsonObject error = browser.await(f -> "err".equals(f.getString("type")), WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(error).isNotNull();
      assertThat(error.getString("body")).isEqualTo("access_denied");
      assertThat(browser.await(f -> "rec".equals(f.getString("type"))
          && "forged".equals(f.getJsonObject("body").getString("deviceId")), 1, TimeUnit.SECONDS)).isNull();
    }
  }

  private static JsonObject reading(Instant ts, long seq, double temperature) {
    return new JsonObject().put("ts", ts.toString()).put("seq", seq)
        .put("metrics", new JsonObject().put("temperature", temperature));
  }

  private static void publish(String deviceId, JsonObject payload) {
    device.publish("devices/" + deviceId + "/telemetry", payload.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false)
        .await();
  }

  /** Polls until the query returns a row (the pipeline is asynchronous); fails after WAIT_SECONDS. */
  private static Row awaitRow(String sql, String deviceId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      RowSet<Row> rows = db.preparedQuery(sql).execute(Tuple.of(deviceId)).await();
      if (rows.size() > 0) {
        return rows.iterator().next();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no row for " + deviceId + " within " + WAIT_SECONDS + " s: " + sql);
  }
}
