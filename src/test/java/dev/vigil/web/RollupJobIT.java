package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.RollupJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The deployed rollup job keeps minute buckets current, and re-running it never double counts. */
class RollupJobIT {

  @Test
  void rollsUpRecentReadingsAndStaysIdempotentAcrossRuns() {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-1')");
      // Readings 10..59 carry an expected range [s - 10, s + 10]; the first ten were scored warming up.
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics, anomalous, expected) SELECT 'r-1', "
          + "date_trunc('minute', now()) - interval '2 minutes' + s * interval '1 second', s, "
          + "jsonb_build_object('temperature', s), s = 5, CASE WHEN s >= 10 THEN jsonb_build_object('temperature', "
          + "jsonb_build_object('low', s - 10, 'high', s + 10)) END FROM generate_series(0, 59) s");
      WebFixture.await(web.vertx.deployVerticle(new RollupJob(web.pool, Duration.ofMillis(200), Duration.ofMinutes(5))));
      // The first run happens before deployment completes; let a few periodic runs go over the same rows.
      WebFixture.await(web.vertx.timer(1000));
      JsonObject minute = web.get("/api/devices/r-1/readings?bucket=1m&from=" + Instant.now().minusSeconds(600))
          .bodyAsJsonObject().getJsonObject("series").getJsonArray("temperature").getJsonObject(0);
      assertThat(minute.getLong("count")).isEqualTo(60);
      assertThat(minute.getLong("anomalies")).isEqualTo(1);
      assertThat(minute.getDouble("min")).isEqualTo(0.0);
      assertThat(minute.getDouble("max")).isEqualTo(59.0);
      assertThat(minute.getDouble("avg")).isEqualTo(29.5);
      assertThat(minute.getDouble("expectedLow")).isEqualTo(24.5);
      assertThat(minute.getDouble("expectedHigh")).isEqualTo(44.5);
    }
  }

  @Test
  void thePeriodicPassRollsUpEveryDeviceOfAFleetThatTakesSeveralDevicesPerSlice() {
    try (WebFixture web = WebFixture.start()) {
      // 70 devices: slices of three (DeviceSlices), each pass resting between them; device f-k sends k readings.
      web.sql("INSERT INTO devices (id) SELECT 'f-' || d FROM generate_series(1, 70) d");
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'f-' || d, "
          + "date_trunc('minute', now()) - interval '2 minutes' + s * interval '0.5 second', s, "
          + "jsonb_build_object('power_w', d) FROM generate_series(1, 70) d, generate_series(1, d) s");
      WebFixture.await(web.vertx.deployVerticle(new RollupJob(web.pool, Duration.ofMillis(200), Duration.ofMinutes(5))));
      String rolledUp = "SELECT count(*) AS minutes, coalesce(sum(count), 0) AS readings, "
          + "count(*) FILTER (WHERE count = substr(device_id, 3)::int AND sum = count * count) AS right "
          + "FROM reading_rollups WHERE device_id LIKE 'f-%'";
      Row figures = null;
      for (int attempt = 0; attempt < 100 && (figures == null || figures.getLong("minutes") < 70); attempt++) {
        WebFixture.await(web.vertx.timer(100));
        figures = WebFixture.await(web.pool.query(rolledUp).execute()).iterator().next();
      }
      assertThat(figures.getLong("minutes")).isEqualTo(70);
      assertThat(figures.getLong("readings")).isEqualTo(70 * 71 / 2);
      assertThat(figures.getLong("right")).as("each device's own count and sum").isEqualTo(70);
    }
  }

  @Test
  void averagesTheExpectedBandOverEveryReadingOfACoarserBucketAndLeavesItNullWhereNoneHadOne() {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-2')");
      // 10:00: 60 readings expected in [0, 10]; 10:01: 30 readings expected in [20, 40]; 10:02: 5 without a band.
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics, expected) SELECT 'r-2', "
          + "'2024-03-01T10:00:00Z'::timestamptz + s * interval '1 second', s, '{\"power_w\": 5}', "
          + "'{\"power_w\": {\"low\": 0, \"high\": 10}}' FROM generate_series(0, 59) s");
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics, expected) SELECT 'r-2', "
          + "'2024-03-01T10:01:00Z'::timestamptz + s * interval '2 seconds', s, '{\"power_w\": 30}', "
          + "'{\"power_w\": {\"low\": 20, \"high\": 40}}' FROM generate_series(0, 29) s");
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'r-2', "
          + "'2024-03-01T10:02:00Z'::timestamptz + s * interval '1 second', s, '{\"power_w\": 7}' "
          + "FROM generate_series(0, 4) s");
      String range = rollUpTheHourFrom(web, Instant.parse("2024-03-01T10:00:00Z"));

      JsonObject hour = web.get("/api/devices/r-2/readings?bucket=1h" + range).bodyAsJsonObject()
          .getJsonObject("series").getJsonArray("power_w").getJsonObject(0);
      assertThat(hour.getLong("count")).isEqualTo(95);
      // Weighted by readings, not by minutes: (60 * 0 + 30 * 20) / 90 and (60 * 10 + 30 * 40) / 90, answered at the
      // precision a band is stored in (float4): 6.666666666666667 reads 6.6666665.
      assertThat(hour.getDouble("expectedLow")).isEqualTo(6.6666665);
      assertThat(hour.getDouble("expectedHigh")).isEqualTo(20.0);

      JsonArray minutes = web.get("/api/devices/r-2/readings?bucket=1m" + range).bodyAsJsonObject()
          .getJsonObject("series").getJsonArray("power_w");
      assertThat(minutes).hasSize(3);
      assertThat(minutes.getJsonObject(2).containsKey("expectedLow")).isTrue();
      assertThat(minutes.getJsonObject(2).getValue("expectedLow")).isNull();
      assertThat(minutes.getJsonObject(2).getValue("expectedHigh")).isNull();
    }
  }

  @Test
  void answersABandThatHeldStillOverABucketAsItsReadingsDo() {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-5')");
      // 470.2 and 530.9 are not exact in binary: stored as float4, each reading answers them as 470.2 and 530.9.
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics, expected) SELECT 'r-5', "
          + "'2024-03-01T10:00:00Z'::timestamptz + s * interval '1 second', s, '{\"power_w\": 500}', "
          + "'{\"power_w\": {\"low\": 470.2, \"high\": 530.9}}' FROM generate_series(0, 119) s");
      String range = rollUpTheHourFrom(web, Instant.parse("2024-03-01T10:00:00Z"));

      for (String bucket : new String[] {"1m", "1h"}) {
        JsonObject first = web.get("/api/devices/r-5/readings?bucket=" + bucket + range).bodyAsJsonObject()
            .getJsonObject("series").getJsonArray("power_w").getJsonObject(0);
        assertThat(first.getDouble("expectedLow")).as(bucket).isEqualTo(470.2);
        assertThat(first.getDouble("expectedHigh")).as(bucket).isEqualTo(530.9);
      }
      JsonObject reading = web.get("/api/devices/r-5/readings?limit=1" + range).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(reading.getJsonObject("expected").getJsonObject("power_w").getDouble("low")).isEqualTo(470.2);
    }
  }

  @Test
  void rollsUpADeviceThatChangedItsMetricsWithinAMinuteAsOneSeriesPerMetric() throws Exception {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-3')");
      // 10:00:00-10:00:29 the device sends a and b, from 10:00:30 a and c; two readings share each end's time.
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'r-3', "
          + "'2024-03-01T10:00:00Z'::timestamptz + s * interval '1 second', 10 + s, "
          + "CASE WHEN s < 30 THEN jsonb_build_object('a', s, 'b', 100 + s) ELSE jsonb_build_object('a', s, 'c', 200 + s) END "
          + "FROM generate_series(0, 59) s");
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics) VALUES "
          + "('r-3', '2024-03-01T10:00:00Z', 3, '{\"a\": -1, \"c\": -2}'), "
          + "('r-3', '2024-03-01T10:00:59Z', 99, '{\"a\": 77, \"b\": 78}')");
      rollUpTheHourFrom(web, Instant.parse("2024-03-01T10:00:00Z"));

      String rows = WebFixture.await(web.pool.query("SELECT string_agg(concat_ws(' ', metric, count, min, max, sum, first, last),"
          + " '; ' ORDER BY metric) AS r FROM reading_rollups WHERE device_id = 'r-3'").execute())
          .iterator().next().getString("r");
      assertThat(rows).isEqualTo("a 62 -1 77 1846 -1 77; b 31 78 129 3513 100 78; c 31 -2 259 7333 -2 259");
    }
  }

  @Test
  void aLongRangeShowsTheMinutesNotYetRolledUpFromRawReadingsAndCountsEachReadingOnce() {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-4')");
      // Rolled up: 3 readings 20 minutes ago and 2 five minutes ago. Not yet: 3 from the last half minute.
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'r-4', now() - o * interval '1 second', o,"
          + " jsonb_build_object('power_w', o) FROM unnest(ARRAY[1200, 1201, 1202, 300, 301, 30, 20, 10]) o");
      Instant now = Instant.now();
      WebFixture.await(new RollupJob(web.pool).rollup(now.minusSeconds(1500), now.minusSeconds(240)));

      JsonArray minutes = web.get("/api/devices/r-4/readings?bucket=1m&from=" + now.minusSeconds(3600))
          .bodyAsJsonObject().getJsonObject("series").getJsonArray("power_w");
      long counted = 0;
      double max = 0;
      for (int i = 0; i < minutes.size(); i++) {
        counted += minutes.getJsonObject(i).getLong("count");
        max = Math.max(max, minutes.getJsonObject(i).getDouble("max"));
      }
      assertThat(counted).isEqualTo(8);
      assertThat(max).isEqualTo(1202.0);
      assertThat(minutes.getJsonObject(minutes.size() - 1).getDouble("min")).isIn(10.0, 20.0, 30.0);
    }
  }

  /** Rolls up the hour from {@code from} and returns it as the readings API's range parameters. */
  private static String rollUpTheHourFrom(WebFixture web, Instant from) {
    WebFixture.await(new RollupJob(web.pool).rollup(from, from.plusSeconds(3600)));
    return "&from=" + from + "&to=" + from.plusSeconds(3600);
  }
}
