package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.RollupJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/fleet/readings} over real rollups in PostgreSQL: each device's average per bucket, summed. */
class FleetApiIT {

  static final Instant FROM = Instant.parse("2024-05-01T10:00:00Z");
  static final String RANGE = "&from=2024-05-01T10:00:00Z&to=2024-05-01T11:00:00Z";
  private static WebFixture web;

  @BeforeAll
  static void start() {
    web = WebFixture.start();
    // 10:00 and 10:01: a at 100 W then 300 W each second (averages 100, 300); b at 1000 W the first minute only,
    // with two readings (990 and 1010). 10:05: only c, 50 W, and a temperature that must not be summed.
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'a', '2024-05-01T10:00:00Z'::timestamptz"
        + " + s * interval '1 second', s, jsonb_build_object('power_w', CASE WHEN s < 60 THEN 100 ELSE 300 END)"
        + " FROM generate_series(0, 119) s");
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics) VALUES"
        + " ('b', '2024-05-01T10:00:10Z', 0, '{\"power_w\": 990}'), ('b', '2024-05-01T10:00:40Z', 0, '{\"power_w\": 1010}'),"
        + " ('c', '2024-05-01T10:05:00Z', 0, '{\"power_w\": 50, \"temperature_c\": 21}')");
    WebFixture.await(new RollupJob(web.pool).rollup(FROM, FROM.plusSeconds(3600)));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static JsonObject ok(String path) {
    var response = web.get(path);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void sumsEachDevicesAverageOfTheMetricPerBucket() {
    JsonArray minutes = ok("/api/fleet/readings?metric=power_w&bucket=1m" + RANGE).getJsonArray("items");
    assertThat(minutes).hasSize(3);
    assertThat(minutes.getJsonObject(0).getString("ts")).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(minutes.getJsonObject(0).getDouble("sum")).isCloseTo(100 + 1000, Offset.offset(1e-9));
    assertThat(minutes.getJsonObject(0).getLong("devices")).isEqualTo(2);
    assertThat(minutes.getJsonObject(1).getDouble("sum")).isCloseTo(300, Offset.offset(1e-9));
    assertThat(minutes.getJsonObject(2).getString("ts")).as("empty minutes are absent").isEqualTo("2024-05-01T10:05:00Z");
    assertThat(minutes.getJsonObject(2).getDouble("sum")).isCloseTo(50, Offset.offset(1e-9));
  }

  @Test
  void aCoarserBucketAveragesEachDeviceBeforeSumming() {
    JsonObject hour = ok("/api/fleet/readings?bucket=1h" + RANGE);
    assertThat(hour.getString("metric")).as("power_w by default").isEqualTo("power_w");
    JsonArray items = hour.getJsonArray("items");
    assertThat(items).hasSize(1);
    // a: 120 readings, half 100 and half 300 -> 200; b: 1000; c: 50.
    assertThat(items.getJsonObject(0).getDouble("sum")).isCloseTo(1250, Offset.offset(1e-9));
    assertThat(items.getJsonObject(0).getLong("devices")).isEqualTo(3);
    assertThat(ok("/api/fleet/readings?metric=temperature_c&bucket=1h" + RANGE).getJsonArray("items")
        .getJsonObject(0).getDouble("sum")).isEqualTo(21.0);
  }

  @Test
  void refusesBadParametersNamingTheField() {
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?metric=power%20w"), "metric");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?bucket=2m"), "bucket");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?from=yesterday"), "from");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"), "from");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?from=2020-01-01T00:00:00Z&to=2024-01-01T00:00:00Z"), "to");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?bucket=1m&from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z"),
        "bucket");
  }
}
