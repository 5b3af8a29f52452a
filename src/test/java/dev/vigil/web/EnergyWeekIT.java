package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.store.RollupJob;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated site of three devices over a simulated week (a reading a minute, a daily cycle, Monday 6 to Sunday
 * 12 May 2024 on the site's clock, Europe/Paris), on a time-of-use tariff (weekdays 08:00 to 20:00 at 0.50, else
 * 0.20): kWh per day, cost, peak demand and base load of the API equal an independent computation in SQL on the
 * stored readings (each reading stands for its minute).
 */
class EnergyWeekIT {

  static final Instant FROM = Instant.parse("2024-05-05T22:00:00Z"); // Monday 00:00 in Paris
  static final Instant TO = FROM.plusSeconds(7 * 86400);
  static final String RANGE = "&from=" + FROM + "&to=" + TO;
  static final String POWER = "(metrics ->> 'power_w')::float8";
  static final String LOCAL = "(ts AT TIME ZONE 'Europe/Paris')";
  private static WebFixture web;

  @BeforeAll
  static void simulateAWeek() {
    web = WebFixture.start();
    web.sql("INSERT INTO devices (id) VALUES ('wk-1'), ('wk-2'), ('wk-3')");
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT 'wk-' || d, '" + FROM + "'::timestamptz"
        + " + k * interval '1 minute', k, jsonb_build_object('power_w', 800 + 400 * sin(2 * pi() * k / 1440.0 + d)"
        + " + 50 * d + (k % 7) * 10) FROM generate_series(1, 3) d, generate_series(0, 7 * 1440 - 1) k");
    WebFixture.await(new RollupJob(web.pool).rollup(FROM, TO));
    web.write(HttpMethod.PUT, "/api/sites/week", new JsonObject().put("timeZone", "Europe/Paris").put("tariff", new JsonObject(
        "{\"type\":\"tou\",\"price\":0.2,\"periods\":[{\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"],"
            + "\"from\":\"08:00\",\"to\":\"20:00\",\"price\":0.5}]}")));
    for (String id : new String[] {"wk-1", "wk-2", "wk-3"}) {
      web.write(HttpMethod.PUT, "/api/devices/" + id + "/placement", new JsonObject().put("site", "week"));
    }
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static double sql(String query) throws Exception {
    return Double.parseDouble(TestInfra.queryString(web.pgUri, query));
  }

  private static JsonObject week(String bucket) {
    var response = web.get("/api/energy?site=week&bucket=" + bucket + RANGE);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void kwhPerDayOnTheSitesClockEqualsTheStoredReadings() throws Exception {
    JsonArray days = week("day").getJsonArray("buckets");
    assertThat(days).hasSize(7);
    assertThat(week("day").getString("timeZone")).isEqualTo("Europe/Paris");
    for (int i = 0; i < 7; i++) {
      JsonObject day = days.getJsonObject(i);
      assertThat(Instant.parse(day.getString("start"))).isEqualTo(FROM.plusSeconds(i * 86400L));
      double expected = sql("SELECT sum(" + POWER + ") / 60000 FROM readings WHERE device_id LIKE 'wk-%' AND "
          + LOCAL + "::date = date '2024-05-06' + " + i);
      assertThat(day.getDouble("consumptionKwh")).as("day " + i).isCloseTo(expected, within(0.002));
    }
    assertThat(week("week").getJsonArray("buckets")).as("one week, from Monday").hasSize(1);
  }

  @Test
  void costAtTheTimeOfUseTariffEqualsTheStoredReadingsPricedByTheirLocalTime() throws Exception {
    double expected = sql("SELECT sum(" + POWER + " / 60000 * CASE WHEN extract(isodow FROM " + LOCAL + ") <= 5 AND extract(hour"
        + " FROM " + LOCAL + ") BETWEEN 8 AND 19 THEN 0.5 ELSE 0.2 END) FROM readings WHERE device_id LIKE 'wk-%'");
    assertThat(week("day").getJsonObject("totals").getDouble("cost")).isCloseTo(expected, within(0.001));
  }

  @Test
  void peakDemandIsTheHighestQuarterHourOfTheSummedPower() throws Exception {
    double expected = sql("SELECT max(total) / 1000 FROM (SELECT w, sum(a) AS total FROM (SELECT device_id, date_bin('15 minutes',"
        + " ts, timestamptz '2000-01-01T00:00:00Z') AS w, avg(" + POWER + ") AS a FROM readings WHERE device_id LIKE 'wk-%'"
        + " GROUP BY 1, 2) per_device GROUP BY w) summed");
    JsonObject peak = week("day").getJsonObject("totals").getJsonObject("peak");
    assertThat(peak.getDouble("kw")).isCloseTo(expected, within(0.001));
  }

  @Test
  void baseLoadIsTheMeanNightPowerOfEachDeviceSummed() throws Exception {
    double expected = sql("SELECT sum(a) / 1000 FROM (SELECT device_id, avg(" + POWER + ") AS a FROM readings WHERE device_id"
        + " LIKE 'wk-%' AND extract(hour FROM " + LOCAL + ") < 5 GROUP BY 1) night");
    assertThat(week("day").getJsonObject("totals").getDouble("baseLoadKw")).isCloseTo(expected, within(0.001));
  }

  @Test
  void theSitesWeekIsTheSumOfItsDevicesWeeks() {
    JsonObject report = week("week");
    double sum = 0;
    double cost = 0;
    for (Object d : report.getJsonArray("devices")) {
      sum += ((JsonObject) d).getDouble("consumptionKwh");
      cost += ((JsonObject) d).getDouble("cost");
    }
    assertThat(report.getJsonObject("totals").getDouble("consumptionKwh")).isCloseTo(sum, within(0.002));
    assertThat(report.getJsonObject("totals").getDouble("cost")).isCloseTo(cost, within(0.0005));
    assertThat(report.getJsonObject("totals").getDouble("coverage")).isEqualTo(1.0);
  }
}
