package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.forecast.ForecastConfig;
import dev.vigil.forecast.ForecastJob;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forecast job reads a device's hourly history from the rollups in PostgreSQL, trains off the event
 * loop and stores the next 24 hours; the API serves them as docs/openapi.yaml says, or says why there is
 * no forecast yet.
 */
class ForecastIT {

  /** The office's latest hour of history: four weeks and 13 hours after its first. */
  private static final Instant FIRST = Instant.parse("2014-01-06T00:00:00Z"); // years back: a replayed history
  private static final Instant LATEST = FIRST.plus(Duration.ofDays(28)).plus(Duration.ofHours(13));

  private static WebFixture web;
  private static ApiContract spec;
  private static ForecastJob job;

  /** 300 W at night and at weekends, 1,200 W in weekday office hours (UTC). */
  private static final String LOAD = "CASE WHEN extract(isodow FROM h) <= 5 AND extract(hour FROM h) BETWEEN 8 AND 17"
      + " THEN 1200.0 ELSE 300.0 END";

  private static double load(Instant t) {
    var utc = t.atOffset(ZoneOffset.UTC);
    return utc.getDayOfWeek().getValue() <= 5 && utc.getHour() >= 8 && utc.getHour() <= 17 ? 1200 : 300;
  }

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
    spec = ApiContract.load(web.vertx, Path.of("docs/openapi.yaml"));
    web.sql("INSERT INTO devices (id, last_metrics) VALUES ('office-1', '{\"power_w\": 300}'),"
        + " ('new-1', '{\"power_w\": 80}'), ('sensor-1', '{\"temperature_c\": 21}')");
    hourlyRollups("office-1", FIRST, LATEST, LOAD);
    hourlyRollups("new-1", LATEST.minus(Duration.ofDays(5)), LATEST, "80.0");
    job = new ForecastJob(web.pool, new ForecastConfig("power_w", Duration.ofHours(1), ZoneOffset.UTC), Duration.ofDays(1));
    WebFixture.await(web.vertx.deployVerticle(job));
    assertThat(WebFixture.await(roundOnEventLoop(job)))
        .as("devices forecast in the first round").isEqualTo(1);
  }

  /** One round of {@code forecastJob}, started on an event loop as its timer would. */
  private static io.vertx.core.Future<Integer> roundOnEventLoop(ForecastJob forecastJob) {
    io.vertx.core.Promise<Integer> done = io.vertx.core.Promise.promise();
    web.vertx.runOnContext(v -> forecastJob.runOnce().onComplete(done));
    return done.future();
  }

  /** One rollup row per hour (60 readings of the same value): the hourly mean is the value. */
  private static void hourlyRollups(String device, Instant from, Instant to, String value) {
    web.sql("INSERT INTO reading_rollups (device_id, metric, bucket_start, count, min, max, sum, anomalies, anomalous_sum)"
        + " SELECT '" + device + "', 'power_w', h, 60, v, v, 60 * v, 0, 0 FROM (SELECT h, " + value + " AS v FROM"
        + " generate_series('" + from + "'::timestamptz, '" + to + "'::timestamptz, interval '1 hour') h) s");
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void servesTheTwentyFourHoursAfterTheLatestOneWithAnIntervalAsDocumented() {
    HttpResponse<Buffer> response = web.get("/api/devices/office-1/forecast");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(spec.problem("GET", "/api/devices/office-1/forecast", response)).isNull();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("metric")).isEqualTo("power_w");
    assertThat(body.getString("basis")).isEqualTo(LATEST.toString());
    assertThat(body.getLong("historyDays")).isEqualTo(28);
    JsonArray hours = body.getJsonArray("hours");
    assertThat(hours).hasSize(24);
    for (int i = 0; i < hours.size(); i++) {
      JsonObject hour = hours.getJsonObject(i);
      Instant t = Instant.parse(hour.getString("t"));
      assertThat(t).isEqualTo(LATEST.plus(Duration.ofHours(i + 1)));
      assertThat(hour.getDouble("expected")).as("forecast of %s", t).isCloseTo(load(t), Percentage.withPercentage(15));
      assertThat(hour.getDouble("low")).isLessThanOrEqualTo(hour.getDouble("expected"));
      assertThat(hour.getDouble("high")).isGreaterThanOrEqualTo(hour.getDouble("expected"));
    }
  }

  @Test
  void theEnergyOfASelectionCarriesTheSumOfItsDevicesForecastsAfterTheRange() {
    String path = "/api/energy?device=office-1&bucket=day&tz=UTC&from=" + LATEST.minus(Duration.ofDays(1)) + "&to="
        + LATEST.plus(Duration.ofHours(1));
    HttpResponse<Buffer> response = web.get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(spec.problem("GET", path, response)).isNull();
    JsonObject forecast = response.bodyAsJsonObject().getJsonObject("forecast");
    JsonObject stored = web.get("/api/devices/office-1/forecast").bodyAsJsonObject();
    assertThat(forecast.getInteger("devices")).isEqualTo(1);
    assertThat(forecast.getJsonArray("hours")).hasSize(24);
    JsonObject first = forecast.getJsonArray("hours").getJsonObject(0);
    assertThat(first.getString("t")).isEqualTo(LATEST.plus(Duration.ofHours(1)).toString());
    assertThat(first.getDouble("kwh")).as("W over an hour, in kWh")
        .isCloseTo(stored.getJsonArray("hours").getJsonObject(0).getDouble("expected") / 1000, Percentage.withPercentage(0.1));
  }

  @Test
  void saysHowMuchHistoryIsMissingInsteadOfForecastingFromFiveDays() {
    HttpResponse<Buffer> response = web.get("/api/devices/new-1/forecast");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(spec.problem("GET", "/api/devices/new-1/forecast", response)).isNull();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonArray("hours")).isEmpty();
    assertThat(body.getLong("historyDays")).isEqualTo(5);
    assertThat(body.getString("note")).isEqualTo("a forecast needs 21 days of power_w history; this device has 5");
  }

  @Test
  void refusesAnUnknownDeviceAndABadMetricName() {
    HttpResponse<Buffer> unknown = web.get("/api/devices/nobody/forecast");
    HttpResponse<Buffer> badMetric = web.get("/api/devices/office-1/forecast?metric=power%20w");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(spec.problem("GET", "/api/devices/nobody/forecast", unknown)).isNull();
    assertThat(badMetric.statusCode()).isEqualTo(400);
    assertThat(badMetric.bodyAsJsonObject().getString("error")).contains("metric");
  }

  @Test
  void aDayFarAboveItsForecastIsListedAsUnusualConsumptionAndANormalDayIsNot() {
    // A freezer forecast at 100 W (90 to 110) for two days; it drew 300 W all the first day, 101 W the second.
    web.sql("INSERT INTO devices (id, last_metrics) VALUES ('freezer-1', '{\"power_w\": 101}')");
    Instant day = Instant.parse("2015-06-01T00:00:00Z");
    web.sql("INSERT INTO forecasts (device_id, metric, hour_start, expected, low, high, basis) SELECT 'freezer-1',"
        + " 'power_w', h, 100, 90, 110, '" + day.minusSeconds(3600) + "' FROM generate_series('" + day + "'::timestamptz,"
        + " '" + day.plus(Duration.ofHours(47)) + "'::timestamptz, interval '1 hour') h");
    hourlyRollups("freezer-1", day, day.plus(Duration.ofHours(23)), "300.0");
    hourlyRollups("freezer-1", day.plus(Duration.ofHours(24)), day.plus(Duration.ofHours(47)), "101.0");

    String path = "/api/energy?device=freezer-1&bucket=day&tz=UTC&from=" + day + "&to=" + day.plus(Duration.ofDays(2));
    HttpResponse<Buffer> response = web.get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(spec.problem("GET", path, response)).isNull();
    JsonArray unusual = response.bodyAsJsonObject().getJsonArray("unusualConsumption");
    assertThat(unusual).hasSize(1);
    JsonObject first = unusual.getJsonObject(0);
    assertThat(first.getString("day")).isEqualTo("2015-06-01");
    assertThat(first.getString("direction")).isEqualTo("above");
    assertThat(first.getDouble("actualKwh")).isEqualTo(7.2);
    assertThat(first.getDouble("highKwh")).isEqualTo(2.64);
    assertThat(first.getInteger("hours")).isEqualTo(24);
  }

  @Test
  void aSecondInstanceLeavesTheRoundToTheOneHoldingTheLease() throws SQLException {
    ForecastJob second = new ForecastJob(web.pool, new ForecastConfig("power_w", Duration.ofHours(1), ZoneOffset.UTC),
        Duration.ofDays(1));
    WebFixture.await(web.vertx.deployVerticle(second));

    assertThat(WebFixture.await(roundOnEventLoop(second))).isZero();
    assertThat(TestInfra.queryString(web.pgUri, "SELECT count(*) FROM forecasts WHERE device_id = 'office-1'")).isEqualTo("24");
  }
}
