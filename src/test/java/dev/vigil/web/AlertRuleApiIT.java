package dev.vigil.web;

import static dev.vigil.web.DeviceApiIT.assertBadParameter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts (filters, paging, ack, clear) and rules (CRUD, validation, duplicates), writes behind the token. */
class AlertRuleApiIT {

  private static WebFixture web;
  private static final BlockingQueue<JsonObject> alertEvents = new LinkedBlockingQueue<>();
  private static final BlockingQueue<JsonObject> ruleEvents = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    web = WebFixture.start();
    web.vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> alertEvents.add(m.body()));
    web.vertx.eventBus().<JsonObject>consumer(Addresses.RULES_CHANGED, m -> ruleEvents.add(m.body()));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @BeforeEach
  void freshTables() {
    web.sql("DELETE FROM alerts");
    web.sql("DELETE FROM rules");
    web.sql("INSERT INTO alerts (device_id, kind, metric, severity, message, opened_at) VALUES "
        + "('meter-1', 'threshold', 'power_w', 'high', 'power_w too high', '2025-01-01T10:00:00Z'), "
        + "('meter-2', 'anomaly', '', 'low', 'unusual', '2025-01-02T10:00:00Z'), "
        + "('meter-2', 'offline', '', 'medium', 'silent', '2025-01-03T10:00:00Z')");
    alertEvents.clear();
    ruleEvents.clear();
  }

  private static long alertId(String kind) {
    JsonObject page = web.get("/api/alerts?limit=1000").bodyAsJsonObject();
    return page.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> a.getString("kind").equals(kind)).findFirst().orElseThrow().getLong("id");
  }

  private static JsonObject rule(String metric, String operator, double value) {
    return new JsonObject().put("metric", metric).put("operator", operator).put("value", value).put("severity", "high");
  }

  @Test
  void filtersAndPagesAlertsNewestFirst() {
    JsonObject all = web.get("/api/alerts").bodyAsJsonObject();
    assertThat(all.getLong("total")).isEqualTo(3);
    assertThat(all.getJsonArray("items").getJsonObject(0).getString("kind")).isEqualTo("offline");
    JsonObject meter2 = web.get("/api/alerts?deviceId=meter-2&severity=low&state=open").bodyAsJsonObject();
    assertThat(meter2.getLong("total")).isEqualTo(1);
    JsonObject window = web.get("/api/alerts?from=2025-01-01T12:00:00Z&to=2025-01-03T00:00:00Z").bodyAsJsonObject();
    assertThat(window.getJsonArray("items")).singleElement()
        .satisfies(a -> assertThat(((JsonObject) a).getString("kind")).isEqualTo("anomaly"));
    JsonObject second = web.get("/api/alerts?limit=1&offset=1").bodyAsJsonObject();
    assertThat(second.getJsonArray("items").getJsonObject(0).getString("kind")).isEqualTo("anomaly");
  }

  @Test
  void refusesBadAlertFiltersNamingTheField() {
    assertBadParameter(web.get("/api/alerts?severity=urgent"), "severity");
    assertBadParameter(web.get("/api/alerts?state=gone"), "state");
    assertBadParameter(web.get("/api/alerts?deviceId=a%20b"), "deviceId");
    assertBadParameter(web.get("/api/alerts?limit=1001"), "limit");
    assertBadParameter(web.get("/api/alerts?offset=-1"), "offset");
    assertBadParameter(web.get("/api/alerts?from=soon"), "from");
    assertBadParameter(web.get("/api/alerts?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
    assertBadParameter(web.get("/api/alerts/abc"), "id");
    assertThat(web.get("/api/alerts/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void acknowledgesAndClearsAnAlertAndPublishesEachChange() throws InterruptedException {
    long id = alertId("threshold");
    HttpResponse<Buffer> acked = web.write(HttpMethod.POST, "/api/alerts/" + id + "/ack", null);
    assertThat(acked.statusCode()).isEqualTo(200);
    assertThat(acked.bodyAsJsonObject().getString("state")).isEqualTo("acked");
    assertThat(alertEvents.poll(5, TimeUnit.SECONDS).getString("state")).isEqualTo("acked");
    JsonObject cleared = web.write(HttpMethod.POST, "/api/alerts/" + id + "/clear", null).bodyAsJsonObject();
    assertThat(cleared.getString("state")).isEqualTo("cleared");
    assertThat(alertEvents.poll(5, TimeUnit.SECONDS).getLong("id")).isEqualTo(id);
    assertThat(web.get("/api/alerts/" + id).bodyAsJsonObject().getString("clearedAt")).isNotNull();
    assertThat(web.write(HttpMethod.POST, "/api/alerts/999999/ack", null).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesWritesWithoutTheToken() {
    long id = alertId("anomaly");
    HttpResponse<Buffer> refused = web.writeWithoutToken(HttpMethod.POST, "/api/alerts/" + id + "/ack", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("error")).contains("Bearer");
    assertThat(web.writeWithoutToken(HttpMethod.POST, "/api/rules", rule("power_w", ">", 1)).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrong = WebFixture.await(web.client.post("/api/rules").bearerTokenAuthentication("guess")
        .sendJsonObject(rule("power_w", ">", 1)));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(web.get("/api/alerts/" + id).bodyAsJsonObject().getString("state")).isEqualTo("open");
    assertThat(web.get("/api/rules").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void createsReadsUpdatesAndDeletesARuleAnnouncingEachChange() throws InterruptedException {
    HttpResponse<Buffer> created = web.write(HttpMethod.POST, "/api/rules", rule("power_w", ">", 3000).put("deviceId", "meter-1"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long id = created.bodyAsJsonObject().getLong("id");
    assertThat(ruleEvents.poll(5, TimeUnit.SECONDS).getString("change")).isEqualTo("created");
    assertThat(web.get("/api/rules/" + id).bodyAsJsonObject().getString("deviceId")).isEqualTo("meter-1");
    assertThat(web.get("/api/rules").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    JsonObject updated = web.write(HttpMethod.PUT, "/api/rules/" + id, rule("power_w", ">=", 3500)).bodyAsJsonObject();
    assertThat(updated.getDouble("value")).isEqualTo(3500.0);
    assertThat(updated.getString("deviceId")).isNull();
    assertThat(ruleEvents.poll(5, TimeUnit.SECONDS).getString("change")).isEqualTo("updated");
    assertThat(web.write(HttpMethod.DELETE, "/api/rules/" + id, null).statusCode()).isEqualTo(204);
    assertThat(ruleEvents.poll(5, TimeUnit.SECONDS).getString("change")).isEqualTo("deleted");
    assertThat(web.get("/api/rules/" + id).statusCode()).isEqualTo(404);
    assertThat(web.write(HttpMethod.DELETE, "/api/rules/" + id, null).statusCode()).isEqualTo(404);
    assertThat(web.write(HttpMethod.PUT, "/api/rules/" + id, rule("power_w", ">", 1)).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAnInvalidRuleNamingTheField() {
    assertBadParameter(web.write(HttpMethod.POST, "/api/rules", rule("power w", ">", 1)), "metric");
    assertBadParameter(web.write(HttpMethod.POST, "/api/rules", rule("power_w", "=>", 1)), "operator");
    assertBadParameter(web.write(HttpMethod.POST, "/api/rules", rule("power_w", ">", 1).put("value", "high")), "value");
    assertBadParameter(web.write(HttpMethod.POST, "/api/rules", rule("power_w", ">", 1).put("severity", "urgent")), "severity");
    assertBadParameter(web.write(HttpMethod.POST, "/api/rules", rule("power_w", ">", 1).put("deviceId", "a b")), "deviceId");
    HttpResponse<Buffer> notJson = WebFixture.await(web.client.post("/api/rules").bearerTokenAuthentication(WebFixture.TOKEN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("metric=power_w")));
    assertBadParameter(notJson, "body");
    assertBadParameter(web.write(HttpMethod.PUT, "/api/rules/zero", rule("power_w", ">", 1)), "id");
  }

  @Test
  void refusesADuplicateRuleWith409() {
    assertThat(web.write(HttpMethod.POST, "/api/rules", rule("voltage_v", "<", 200)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> duplicate = web.write(HttpMethod.POST, "/api/rules", rule("voltage_v", "<", 200));
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.bodyAsJsonObject().getString("error")).contains("already exists");
  }

  @Test
  void leavesWritesOpenWhenNoTokenIsConfigured() {
    try (WebFixture open = WebFixture.start(null, null, WebFixture.ALL_UP)) {
      HttpResponse<Buffer> created = open.writeWithoutToken(HttpMethod.POST, "/api/rules", rule("power_w", ">", 1));
      assertThat(created.statusCode()).isEqualTo(201);
    }
  }
}
