package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static dev.vigil.alert.ItSupport.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.AlertFilter;
import dev.vigil.store.AlertStore;
import dev.vigil.store.PgPools;
import dev.vigil.store.RuleStore;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert stage against real PostgreSQL and the real broker, fed with scored readings on the event bus. */
class AlertVerticleIT {

  private static Vertx vertx;
  private static Pool pool;
  private static AlertStore alerts;
  private static final BlockingQueue<JsonObject> busAlerts = new LinkedBlockingQueue<>();

  @BeforeAll
  static void deploy() throws Exception {
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, TestInfra.freshDatabase(), 4);
    alerts = new AlertStore(pool);
    AlertConfig config = ItSupport.config("power_w>3000:high;power_w>8000:critical", 300);
    LocalRecordCodec.register(vertx, StoredReadings.class);
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> busAlerts.add(m.body()));
    await(vertx.deployVerticle(new AlertVerticle(config, pool)));
    await(vertx.deployVerticle(new AlertMqttVerticle(config, pool)));
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static void publish(ScoredReading reading) {
    vertx.eventBus().publish(Addresses.READINGS_STORED, StoredReadings.of(reading));
  }

  private static JsonObject onBus(String device, String kind, String state, int occurrences) throws Exception {
    return next(busAlerts, a -> a.getString("deviceId").equals(device) && a.getString("kind").equals(kind)
        && a.getString("state").equals(state) && a.getInteger("occurrences") >= occurrences);
  }

  @Test
  void aRuleBreachRaisesOneLiveAlertPublishedOnTheBusAndOnMqtt() throws Exception {
    String device = ItSupport.uniqueDevice("kitchen");
    BlockingQueue<JsonObject> mqtt = ItSupport.subscribe(vertx, "alerts/" + device);
    publish(ItSupport.warmingUp(device, "power_w", 5400));
    publish(ItSupport.warmingUp(device, "power_w", 5500));
    publish(ItSupport.warmingUp(device, "power_w", 5600));

    JsonObject third = onBus(device, "threshold", "open", 3);
    assertThat(third.getInteger("occurrences")).isEqualTo(3);
    assertThat(third.getString("severity")).isEqualTo("high");
    assertThat(third.getDouble("value")).isEqualTo(5600);
    assertThat(third.getDouble("threshold")).isEqualTo(3000);
    assertThat(third.getString("message")).isEqualTo("power_w = 5600 breaks rule power_w > 3000");

    JsonObject page = await(alerts.list(new AlertFilter(null, null, device, null, null, 10, 0)));
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getInteger("occurrences")).isEqualTo(3);

    JsonObject overMqtt = next(mqtt, a -> a.getInteger("occurrences") == 3);
    assertThat(overMqtt.getLong("id")).isEqualTo(third.getLong("id"));
    assertThat(overMqtt.getString("deviceId")).isEqualTo(device);
  }

  @Test
  void aWorseBreachRaisesTheSeverityOfTheLiveAlert() throws Exception {
    String device = ItSupport.uniqueDevice("oven");
    publish(ItSupport.warmingUp(device, "power_w", 5400));
    publish(ItSupport.warmingUp(device, "power_w", 9000));
    JsonObject worse = onBus(device, "threshold", "open", 2);
    assertThat(worse.getString("severity")).isEqualTo("critical");
  }

  @Test
  void threeReadingsBackInRangeClearTheThresholdAlert() throws Exception {
    String device = ItSupport.uniqueDevice("heater");
    publish(ItSupport.warmingUp(device, "power_w", 5400));
    JsonObject opened = onBus(device, "threshold", "open", 1);
    publish(ItSupport.warmingUp(device, "power_w", 100));
    publish(ItSupport.warmingUp(device, "power_w", 100));
    publish(ItSupport.warmingUp(device, "power_w", 100));
    JsonObject cleared = onBus(device, "threshold", "cleared", 1);
    assertThat(cleared.getLong("id")).isEqualTo(opened.getLong("id"));
    assertThat(await(alerts.get(opened.getLong("id"))).orElseThrow().state()).isEqualTo("cleared");
  }

  @Test
  void aCriticalAnomalyOpensAtOnceWithItsExplanationAndClearsAfterNormalReadings() throws Exception {
    String device = ItSupport.uniqueDevice("pump");
    publish(ItSupport.anomalous(device, 0.9995));
    JsonObject opened = onBus(device, "anomaly", "open", 1);
    assertThat(opened.getString("severity")).isEqualTo("critical");
    JsonArray explanation = await(alerts.get(opened.getLong("id"))).orElseThrow().explanation();
    assertThat(explanation.getJsonObject(0).getString("metric")).isEqualTo("vibration");
    assertThat(explanation.getJsonObject(0).getDouble("expectedLow")).isEqualTo(0.8);
    assertThat(explanation.getJsonObject(0).getDouble("expectedHigh")).isEqualTo(2.1);

    ScoredReading normal = new ScoredReading(ItSupport.warmingUp(device, "vibration", 1.0).reading(), 0.2, false,
        false, 1, java.util.List.of());
    publish(normal);
    publish(normal);
    assertThat(onBus(device, "anomaly", "cleared", 1).getLong("id")).isEqualTo(opened.getLong("id"));
  }

  @Test
  void aSingleModerateAnomalyOpensNothing() throws Exception {
    String device = ItSupport.uniqueDevice("fan");
    publish(ItSupport.anomalous(device, 0.96));
    publish(ItSupport.warmingUp(device, "power_w", 5400)); // a marker that arrives after the anomaly
    onBus(device, "threshold", "open", 1);
    JsonObject page = await(alerts.list(new AlertFilter(null, null, device, null, null, 10, 0)));
    assertThat(page.getJsonArray("items")).extracting(o -> ((JsonObject) o).getString("kind"))
        .containsExactly("threshold");
  }

  @Test
  void aRuleCreatedLaterAppliesAfterTheRulesChangedEvent() throws Exception {
    String device = ItSupport.uniqueDevice("fridge");
    await(new RuleStore(pool).create(Rule.fromJson(new JsonObject().put("deviceId", device).put("metric", "temperature")
        .put("operator", ">").put("value", 8).put("severity", "low"))));
    vertx.eventBus().publish(Addresses.RULES_CHANGED, new JsonObject());
    JsonObject opened = null;
    for (int attempt = 0; attempt < 50 && opened == null; attempt++) {
      publish(ItSupport.warmingUp(device, "temperature", 12));
      opened = busAlerts.stream().filter(a -> device.equals(a.getString("deviceId"))).findFirst().orElse(null);
      Thread.sleep(100);
    }
    assertThat(onBus(device, "threshold", "open", 1).getString("severity")).isEqualTo("low");
  }

  private static ScoredReading faultReading(String device, Instant ts) {
    Reading r = new Reading(device, ts, 0, Map.of("x16", 3165.1, "x22", 40.0), ts);
    return new ScoredReading(r, 0.97, true, false, 1, List.of(
        new ScoredReading.Contribution("x16", 3165.1, 3081.2, 3124.8, 0.62),
        new ScoredReading.Contribution("x22", 40.0, 35.0, 38.0, 0.2)));
  }

  @Test
  void anAnomalyAlertOnMqttShowsTheFaultsStartDurationAndCarryingMetrics() throws Exception {
    String device = ItSupport.uniqueDevice("tep");
    BlockingQueue<JsonObject> mqtt = ItSupport.subscribe(vertx, "alerts/" + device);
    Instant start = Instant.parse("2024-03-01T08:00:00Z");
    for (int i = 0; i < 4; i++) {
      publish(faultReading(device, start.plusSeconds(180L * i)));
    }
    JsonObject overMqtt = next(mqtt, a -> a.getInteger("occurrences") == 3);
    assertThat(overMqtt.getString("kind")).isEqualTo("anomaly");
    assertThat(overMqtt.getString("startedAt")).as("the first anomalous reading, in device time")
        .isEqualTo(start.toString());
    assertThat(overMqtt.getLong("lastedSeconds")).isEqualTo(3 * 180);
    assertThat(overMqtt.getJsonArray("carriedBy").getList()).containsExactly("x16", "x22");
    assertThat(overMqtt.getString("message")).contains("on x16 (62%), x22 (20%)");
    JsonObject page = await(alerts.list(new AlertFilter(null, null, device, null, null, 10, 0)));
    assertThat(page.getLong("total")).as("one alert for the whole fault").isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("startedAt")).isEqualTo(start.toString());
  }

  private static JsonObject driftEvent(String device, String change, String severity, double mean) {
    return new JsonObject().put("deviceId", device).put("metric", "voltage").put("change", change)
        .put("severity", severity).put("mean", mean).put("low", 228.0).put("high", 246.0)
        .put("beyond", (mean - 246.0) / 18.0).put("since", "2024-05-01T10:00:00Z").put("at", "2024-05-01T10:45:00Z");
  }

  @Test
  void aDriftKeepsOneLiveAlertPerMetricUntilTheAlarmClearsIt() throws Exception {
    String device = ItSupport.uniqueDevice("meter");
    vertx.eventBus().publish(Addresses.DRIFT, driftEvent(device, "open", "low", 252.0));
    JsonObject opened = onBus(device, "drift", "open", 1);
    assertThat(opened.getString("severity")).isEqualTo("low");
    assertThat(opened.getString("metric")).isEqualTo("voltage");
    assertThat(opened.getDouble("threshold")).isEqualTo(246.0);
    assertThat(opened.getString("message")).contains("above its normal range", "since 2024-05-01T10:00:00Z");

    vertx.eventBus().publish(Addresses.DRIFT, driftEvent(device, "update", "high", 270.0));
    JsonObject updated = onBus(device, "drift", "open", 2);
    assertThat(updated.getLong("id")).as("the same alert, not a second one").isEqualTo(opened.getLong("id"));
    assertThat(updated.getString("severity")).isEqualTo("high");
    assertThat(updated.getDouble("value")).isEqualTo(270.0);

    vertx.eventBus().publish(Addresses.DRIFT, new JsonObject().put("deviceId", device).put("metric", "voltage")
        .put("change", "clear"));
    assertThat(onBus(device, "drift", "cleared", 2).getLong("id")).isEqualTo(opened.getLong("id"));
    JsonObject listed = await(alerts.list(new dev.vigil.store.AlertFilter(null, null, device, null, null, 10, 0)));
    assertThat(listed.getLong("total")).isEqualTo(1);
  }
}
