package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.store.RollupJob;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/energy} over real rollups in PostgreSQL, against figures worked out by hand from the stored
 * readings. Monday 2024-05-06, 06:00 to 08:00 UTC, site "hq" on a time-of-use tariff (0.20, weekdays 07:00 to
 * 23:00 at 0.40):
 * <ul>
 * <li>{@code hq-light}: 1,000 W every 10 s, silent from 06:30 to 06:50: 100 minutes, 1.6667 kWh, one gap;
 * <li>{@code hq-meter}: an energy counter rising 0.01 kWh every 10 s from 500, reset at 07:00 (reads 0.01
 *     there): 719 steps, 7.19 kWh, one reset;
 * <li>{@code hq-solar}: a producer at 2,000 W: 4 kWh produced, all of it used on site.
 * </ul>
 * {@code depot-pump} (site depot, no tariff: the flat tariff of the request) at 500 W: 1 kWh.
 */
class EnergyApiIT {

  static final String RANGE = "&from=2024-05-06T06:00:00Z&to=2024-05-06T08:00:00Z";
  static final Instant FROM = Instant.parse("2024-05-06T06:00:00Z");
  static final JsonObject TOU = new JsonObject("""
      {"type":"tou","price":0.2,"periods":[{"days":["mon","tue","wed","thu","fri"],"from":"07:00","to":"23:00","price":0.4}]}""");
  private static WebFixture web;

  @BeforeAll
  static void start() {
    web = WebFixture.start();
    web.sql("INSERT INTO devices (id) VALUES ('hq-light'), ('hq-meter'), ('hq-solar'), ('depot-pump'), ('loose')");
    every10s("hq-light", "jsonb_build_object('power_w', 1000)", "ts < '2024-05-06T06:30:00Z' OR ts >= '2024-05-06T06:50:00Z'");
    every10s("hq-meter", "jsonb_build_object('energy_kwh', CASE WHEN k < 360 THEN 500 + 0.01 * k ELSE 0.01 * (k - 359) END)",
        "true");
    every10s("hq-solar", "jsonb_build_object('power_w', 2000)", "true");
    every10s("depot-pump", "jsonb_build_object('power_w', 500)", "true");
    WebFixture.await(new RollupJob(web.pool).rollup(FROM, FROM.plusSeconds(7200)));
    place("hq-light", "hq", "floor:1", "kind:lighting");
    place("hq-meter", "hq", "floor:2", "kind:hvac");
    place("depot-pump", "depot", "kind:hvac");
    assertThat(web.write(HttpMethod.PUT, "/api/devices/hq-solar/placement", new JsonObject().put("site", "hq")
        .put("tags", new JsonArray().add("kind:pv")).put("energyRole", "producer")).statusCode()).isEqualTo(200);
    assertThat(web.write(HttpMethod.PUT, "/api/sites/hq", new JsonObject().put("timeZone", "UTC").put("tariff", TOU))
        .statusCode()).isEqualTo(200);
  }

  /** Readings every 10 s from 06:00 to 08:00 (k = 0..719, ts), kept where {@code where} holds. */
  private static void every10s(String device, String metrics, String where) {
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT '" + device + "', ts, k, " + metrics
        + " FROM (SELECT k, '2024-05-06T06:00:00Z'::timestamptz + k * interval '10 seconds' AS ts"
        + " FROM generate_series(0, 719) k) s WHERE " + where);
  }

  private static JsonObject place(String device, String site, String... tags) {
    var response = web.write(HttpMethod.PUT, "/api/devices/" + device + "/placement",
        new JsonObject().put("site", site).put("tags", new JsonArray(List.of(tags))));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
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

  private static JsonObject device(JsonObject report, String id) {
    return report.getJsonArray("devices").stream().map(JsonObject.class::cast).filter(d -> d.getString("id").equals(id))
        .findFirst().orElseThrow();
  }

  @Test
  void aSitesTotalsEqualTheSumOfItsDevices() {
    JsonObject site = ok("/api/energy?site=hq&bucket=hour" + RANGE).getJsonObject("totals");
    double consumption = 0;
    double production = 0;
    double cost = 0;
    for (String id : List.of("hq-light", "hq-meter", "hq-solar")) {
      JsonObject alone = ok("/api/energy?device=" + id + "&bucket=hour" + RANGE).getJsonObject("totals");
      consumption += alone.getDouble("consumptionKwh");
      production += alone.getDouble("productionKwh");
      cost += alone.getDouble("cost");
    }
    assertThat(site.getDouble("consumptionKwh")).isCloseTo(consumption, within(0.002)).isCloseTo(100 / 60.0 + 7.19, within(0.002));
    assertThat(site.getDouble("productionKwh")).isCloseTo(production, within(0.002)).isCloseTo(4.0, within(0.002));
    assertThat(site.getDouble("cost")).isCloseTo(cost, within(0.0005));
    JsonObject everything = ok("/api/energy?bucket=day" + RANGE);
    JsonObject hqRow = everything.getJsonArray("sites").getJsonObject(1);
    assertThat(hqRow.getString("site")).isEqualTo("hq");
    assertThat(hqRow.getDouble("consumptionKwh")).isCloseTo(site.getDouble("consumptionKwh"), within(1e-9));
    assertThat(everything.getJsonObject("totals").getDouble("consumptionKwh"))
        .as("the fleet: hq and the depot's pump").isCloseTo(site.getDouble("consumptionKwh") + 1.0, within(0.002));
  }

  @Test
  void integratingPowerOverASilenceCountsOnlyTheMinutesWithReadingsAndMarksTheGap() {
    JsonObject light = device(ok("/api/energy?site=hq" + RANGE), "hq-light");
    assertThat(light.getString("source")).isEqualTo("power");
    assertThat(light.getDouble("consumptionKwh")).isCloseTo(100 / 60.0, within(0.001));
    assertThat(light.getLong("gapCount")).isEqualTo(1);
    assertThat(light.getLong("gapSeconds")).isEqualTo(1200);
    JsonObject gap = light.getJsonArray("gaps").getJsonObject(0);
    assertThat(gap.getString("from")).isEqualTo("2024-05-06T06:30:00Z");
    assertThat(gap.getString("to")).isEqualTo("2024-05-06T06:50:00Z");
    assertThat(gap.getValue("kwh")).as("nothing is counted in a power gap").isNull();
    assertThat(light.getDouble("coverage")).isCloseTo(100 / 120.0, within(1e-4));
  }

  @Test
  void anEnergyCounterIsUsedAsIsAndItsResetCountsFromZero() {
    JsonObject meter = device(ok("/api/energy?device=hq-meter" + RANGE), "hq-meter");
    assertThat(meter.getString("source")).isEqualTo("counter");
    assertThat(meter.getInteger("counterResets")).isEqualTo(1);
    assertThat(meter.getDouble("consumptionKwh")).isCloseTo(7.19, within(0.001));
    assertThat(meter.getLong("gapCount")).isZero();
  }

  @Test
  void aTimeOfUseTariffPricesEachHourAtItsPeriodsPrice() {
    JsonObject report = ok("/api/energy?site=hq&bucket=hour&tariff=5" + RANGE);
    JsonArray hours = report.getJsonArray("buckets");
    assertThat(hours).hasSize(2);
    // 06:00-07:00 at 0.20: light 40 minutes (2/3 kWh), meter 3.60 (359 steps and the 0.01 read just after the reset
    // at 07:00, put on the minute before it).
    double early = 2 / 3.0 + 3.6;
    assertThat(hours.getJsonObject(0).getDouble("consumptionKwh")).isCloseTo(early, within(0.001));
    assertThat(hours.getJsonObject(0).getDouble("cost")).isCloseTo(early * 0.2, within(0.001));
    // The light's 20 silent minutes: 3 devices x 60 minutes, of which 20 not covered.
    assertThat(hours.getJsonObject(0).getDouble("coverage")).isCloseTo(160 / 180.0, within(1e-4));
    assertThat(hours.getJsonObject(1).getDouble("coverage")).isEqualTo(1.0);
    // 07:00-08:00 at 0.40 (Monday): light 1.0 kWh, meter 3.59.
    assertThat(hours.getJsonObject(1).getDouble("consumptionKwh")).isCloseTo(4.59, within(0.001));
    assertThat(hours.getJsonObject(1).getDouble("cost")).isCloseTo(4.59 * 0.4, within(0.001));
    assertThat(report.getJsonObject("totals").getDouble("cost")).as("the site's tariff, not the request's flat 5")
        .isCloseTo(early * 0.2 + 4.59 * 0.4, within(0.001));
    assertThat(ok("/api/energy?site=depot&tariff=0.25" + RANGE).getJsonObject("totals").getDouble("cost"))
        .as("a site without a tariff: the settings' flat tariff").isCloseTo(0.25, within(0.001));
  }

  @Test
  void peakDemandAndSelfConsumptionOfASite() {
    JsonObject totals = ok("/api/energy?site=hq" + RANGE).getJsonObject("totals");
    assertThat(totals.getJsonObject("peak").getDouble("kw")).as("1 kW light + 3.6 kW meter").isCloseTo(4.6, within(0.05));
    Instant at = Instant.parse(totals.getJsonObject("peak").getString("at"));
    assertThat(at).isBetween(FROM, FROM.plusSeconds(7200));
    assertThat(totals.getDouble("selfConsumptionShare")).as("consumption exceeds production every hour").isEqualTo(1.0);
    assertThat(totals.getDouble("selfConsumedKwh")).isCloseTo(4.0, within(0.002));
  }

  @Test
  void perTagFiguresAndTheTagFilter() {
    JsonObject report = ok("/api/energy?tag=kind:hvac" + RANGE);
    assertThat(report.getJsonArray("devices")).hasSize(2);
    assertThat(report.getJsonObject("totals").getDouble("consumptionKwh")).isCloseTo(7.19 + 1.0, within(0.002));
    JsonObject hvac = report.getJsonArray("tags").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("tag").equals("kind:hvac")).findFirst().orElseThrow();
    assertThat(hvac.getDouble("consumptionKwh")).isCloseTo(7.19 + 1.0, within(0.002));
    assertThat(hvac.getInteger("devices")).isEqualTo(2);
    JsonArray listed = ok("/api/devices?tag=kind:hvac").getJsonArray("items");
    assertThat(listed.stream().map(d -> ((JsonObject) d).getString("id")).toList()).containsExactly("depot-pump", "hq-meter");
    assertThat(ok("/api/devices?site=hq").getLong("total")).isEqualTo(3);
  }

  @Test
  void sitesAndTagsAreListed() {
    JsonObject sites = ok("/api/sites");
    assertThat(sites.getJsonArray("items").stream().map(s -> ((JsonObject) s).getString("id")).toList())
        .containsExactly("depot", "hq");
    assertThat(sites.getJsonArray("items").getJsonObject(1).getJsonObject("tariff")).isEqualTo(TOU);
    assertThat(sites.getJsonArray("tags").getList()).contains("floor:1", "kind:hvac", "kind:pv");
  }

  @Test
  void refusesInvalidSitesTagsAndTariffsNamingTheField() {
    DeviceApiIT.assertBadParameter(web.get("/api/energy?site=%3Cscript%3E"), "site");
    DeviceApiIT.assertBadParameter(web.get("/api/energy?tag=a:b:c"), "tag");
    DeviceApiIT.assertBadParameter(web.get("/api/energy?bucket=year"), "bucket");
    DeviceApiIT.assertBadParameter(web.get("/api/energy?tz=Mars/Olympus"), "tz");
    DeviceApiIT.assertBadParameter(web.get("/api/devices?site=a%20b"), "site");
    DeviceApiIT.assertBadParameter(web.get("/api/fleet/readings?tag=" + "x".repeat(40)), "tag");
    DeviceApiIT.assertBadParameter(web.write(HttpMethod.PUT, "/api/devices/loose/placement",
        new JsonObject().put("site", "main building")), "site");
    DeviceApiIT.assertBadParameter(web.write(HttpMethod.PUT, "/api/devices/loose/placement",
        new JsonObject().put("tags", new JsonArray().add("floor:2").add("<b>"))), "tags");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 17; i++) {
      many.add("t" + i);
    }
    DeviceApiIT.assertBadParameter(web.write(HttpMethod.PUT, "/api/devices/loose/placement",
        new JsonObject().put("tags", many)), "tags");
    DeviceApiIT.assertBadParameter(web.write(HttpMethod.PUT, "/api/sites/hq", new JsonObject().put("timeZone", "Nowhere")),
        "timeZone");
    DeviceApiIT.assertBadParameter(web.write(HttpMethod.PUT, "/api/sites/hq", new JsonObject().put("tariff",
        new JsonObject("{\"type\":\"tou\",\"price\":1,\"periods\":[{\"days\":[\"mon\"],\"from\":\"7\",\"to\":\"8\",\"price\":1}]}"))),
        "tariff.periods[0].from");
    assertThat(web.write(HttpMethod.PUT, "/api/devices/nobody/placement", new JsonObject()).statusCode()).isEqualTo(404);
    assertThat(web.writeWithoutToken(HttpMethod.PUT, "/api/devices/loose/placement", new JsonObject()).statusCode())
        .isEqualTo(401);
    assertThat(ok("/api/devices/loose").getValue("site")).as("nothing was stored").isNull();
  }
}
