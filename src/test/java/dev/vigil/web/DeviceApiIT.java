package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.RollupJob;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Devices, readings (raw and from rollups), CSV export, stats, models and drift over real PostgreSQL. */
class DeviceApiIT {

  /** Readings of meter-1: one per second for 10 minutes ending a minute ago; every 100th anomalous. */
  private static final int READINGS = 600;
  private static final Instant END = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
  private static final Instant START = END.minusSeconds(READINGS);
  private static WebFixture web;

  @BeforeAll
  static void start() {
    web = WebFixture.start();
    web.sql("INSERT INTO devices (id, status, last_metrics, last_score) VALUES "
        + "('meter-1', 'online', '{\"power_w\": 1000, \"voltage_v\": 230}', 0.2), "
        + "('meter-2', 'online', '{\"power_w\": 3000, \"voltage_v\": 240}', 0.1), "
        + "('meter-3', 'offline', '{\"temperature\": 20}', 0)");
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics, score, anomalous) "
        + "SELECT 'meter-1', timestamptz '" + START + "' + s * interval '1 second', s, "
        + "jsonb_build_object('power_w', 1000 + s, 'voltage_v', 230), "
        + "CASE WHEN s % 100 = 0 THEN 0.99 ELSE 0.1 END, s % 100 = 0 FROM generate_series(0, " + (READINGS - 1) + ") s");
    web.sql("INSERT INTO alerts (device_id, kind, metric, severity, message) VALUES "
        + "('meter-1', 'threshold', 'power_w', 'high', 'power_w too high')");
    WebFixture.await(new RollupJob(web.pool).rollup(START, END.plusSeconds(60)));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static void assertBadParameter(HttpResponse<Buffer> response, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject();
    assertThat(error.getString("field")).isEqualTo(field);
    assertThat(error.getString("error")).isNotBlank();
    assertThat(error.getString("reason")).isNotBlank();
  }

  @Test
  void listsDevicesWithStatusLatestValuesAndOpenAlerts() {
    JsonObject page = ok(web.get("/api/devices"));
    assertThat(page.getLong("total")).isEqualTo(3);
    JsonObject meter = page.getJsonArray("items").getJsonObject(0);
    assertThat(meter.getString("id")).isEqualTo("meter-1");
    assertThat(meter.getString("status")).isEqualTo("online");
    assertThat(meter.getJsonObject("lastMetrics").getDouble("power_w")).isEqualTo(1000.0);
    assertThat(meter.getDouble("lastScore")).isEqualTo(0.2);
    assertThat(meter.getLong("openAlerts")).isEqualTo(1);
    assertThat(meter.getString("lastSeen")).isNotNull();
  }

  @Test
  void pagesTheDeviceListAndRefusesAPageTooLarge() {
    JsonObject page = ok(web.get("/api/devices?limit=1&offset=1"));
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo("meter-2");
    assertBadParameter(web.get("/api/devices?limit=1001"), "limit");
  }

  @Test
  void answersOneDevice404ForAnUnknownOneAnd400ForABadId() {
    assertThat(ok(web.get("/api/devices/meter-3")).getString("status")).isEqualTo("offline");
    HttpResponse<Buffer> unknown = web.get("/api/devices/nobody");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("nobody");
    assertBadParameter(web.get("/api/devices/bad%20id"), "id");
  }

  @Test
  void returnsTheNewestRawReadingsOfARangeOldestFirst() {
    JsonObject answer = ok(web.get("/api/devices/meter-1/readings?from=" + START + "&to=" + END + "&limit=10"));
    JsonArray items = answer.getJsonArray("items");
    assertThat(items).hasSize(10);
    assertThat(items.getJsonObject(9).getLong("seq")).isEqualTo(READINGS - 1);
    assertThat(items.getJsonObject(0).getLong("seq")).isEqualTo(READINGS - 10);
    assertThat(items.getJsonObject(9).getJsonObject("metrics").getDouble("power_w")).isEqualTo(1000.0 + READINGS - 1);
  }

  @Test
  void refusesBadReadingParametersNamingTheField() {
    String base = "/api/devices/meter-1/readings";
    assertBadParameter(web.get(base + "?limit=5001"), "limit");
    assertBadParameter(web.get(base + "?from=yesterday"), "from");
    assertBadParameter(web.get(base + "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), "from");
    assertBadParameter(web.get(base + "?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
    assertBadParameter(web.get(base + "?bucket=2m"), "bucket");
    assertBadParameter(web.get(base + "?bucket=1m&from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z"), "bucket");
    assertThat(web.get("/api/devices/nobody/readings").statusCode()).isEqualTo(404);
  }

  @Test
  void downsamplesFromTheMinuteRollups() {
    JsonObject answer = ok(web.get("/api/devices/meter-1/readings?bucket=1h&from=" + START.minus(1, ChronoUnit.DAYS)
        + "&to=" + END.plusSeconds(60)));
    JsonArray power = answer.getJsonObject("series").getJsonArray("power_w");
    long count = 0;
    long anomalies = 0;
    for (int i = 0; i < power.size(); i++) {
      count += power.getJsonObject(i).getLong("count");
      anomalies += power.getJsonObject(i).getLong("anomalies");
    }
    assertThat(count).isEqualTo(READINGS);
    assertThat(anomalies).isEqualTo(READINGS / 100);
    assertThat(power.getJsonObject(0).getDouble("min")).isEqualTo(1000.0);
    JsonArray minutes = ok(web.get("/api/devices/meter-1/readings?bucket=1m&from=" + START + "&to=" + END))
        .getJsonObject("series").getJsonArray("voltage_v");
    assertThat(minutes).hasSize(READINGS / 60);
    assertThat(minutes.getJsonObject(0).getDouble("avg")).isEqualTo(230.0);
  }

  @Test
  void exportsTheRangeAsAnAttachedCsvWithOneColumnPerMetric() {
    HttpResponse<Buffer> csv = web.get("/api/devices/meter-1/export.csv?from=" + START + "&to=" + END);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment");
    assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
    String[] lines = csv.bodyAsString().split("\n");
    assertThat(lines[0]).isEqualTo("ts,seq,power_w,voltage_v,score,anomalous");
    assertThat(lines).hasSize(READINGS + 1);
    assertThat(lines[1]).startsWith(START.toString().replace(":00Z", ":00Z")).endsWith(",0.99,true");
    assertThat(web.get("/api/devices/nobody/export.csv").statusCode()).isEqualTo(404);
    assertBadParameter(web.get("/api/devices/meter-1/export.csv?to=never"), "to");
  }

  @Test
  void listsOneDevicesDriftReportsEvenWhenTheFleetsNewestHundredHoldNone() {
    web.sql("DELETE FROM drift_reports");
    web.sql("INSERT INTO drift_reports (device_id, detector_key, metric, model_version, psi, ks, level, reference_rows,"
        + " recent_rows, created_at) VALUES ('meter-1', 'k', 'power_w', 1, 0.3, 0.2, 'warning', 500, 500,"
        + " now() - interval '1 hour')");
    web.sql("INSERT INTO drift_reports (device_id, detector_key, metric, model_version, psi, ks, level, reference_rows,"
        + " recent_rows) SELECT 'meter-2', 'k', 'voltage_v', 1, 0.01, 0.01, 'none', 500, 500 FROM generate_series(1, 120)");

    try {
      JsonObject fleet = ok(web.get("/api/drift"));
      JsonObject own = ok(web.get("/api/drift?deviceId=meter-1"));

      assertThat(fleet.getJsonArray("items")).hasSize(100);
      assertThat(fleet.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("deviceId"))).containsOnly("meter-2");
      assertThat(own.getJsonArray("items")).hasSize(1);
      assertThat(own.getJsonArray("items").getJsonObject(0).getString("level")).isEqualTo("warning");
      assertBadParameter(web.get("/api/drift?deviceId=a%20b"), "deviceId");
    } finally {
      web.sql("DELETE FROM drift_reports"); // the other tests expect none
    }
  }

  @Test
  void summarisesTheFleetWithTheAnomalousEnergyCost() {
    JsonObject stats = ok(web.get("/api/stats?tariff=0.5"));
    assertThat(stats.getLong("devicesOnline")).isEqualTo(2);
    assertThat(stats.getLong("devicesTotal")).isEqualTo(3);
    assertThat(stats.getLong("readingsStored")).isEqualTo(READINGS);
    assertThat(stats.getLong("anomalies24h")).isEqualTo(READINGS / 100);
    assertThat(stats.getDouble("avgPowerW")).isEqualTo(2000.0);
    assertThat(stats.getDouble("avgVoltageV")).isEqualTo(235.0);
    assertThat(stats.getJsonObject("openAlerts").getLong("high")).isEqualTo(1);
    // 6 anomalous readings, 1 s each (60 per minute), at 1000, 1100, ... 1500 W: 7500 J.
    double kwh = 7500.0 / 3_600_000;
    // Rounded to meaningful digits by the one rule of alert.Digits: 0.0020833... -> 0.002083.
    assertThat(stats.getDouble("anomalousEnergyKwh24h")).isEqualTo(0.002083);
    assertThat(stats.getDouble("anomalousCost24h")).isEqualTo(0.001042);
    assertBadParameter(web.get("/api/stats?tariff=-1"), "tariff");
  }

  @Test
  void listsModelsOfAKnownDeviceAndDriftReports() {
    assertThat(ok(web.get("/api/devices/meter-1/models")).getJsonArray("items")).isEmpty();
    assertThat(web.get("/api/devices/nobody/models").statusCode()).isEqualTo(404);
    assertThat(ok(web.get("/api/drift")).getJsonArray("items")).isEmpty();
    assertBadParameter(web.get("/api/drift?limit=0"), "limit");
  }
}
