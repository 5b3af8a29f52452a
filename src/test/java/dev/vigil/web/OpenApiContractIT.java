package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.RollupJob;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every answer of the API, good and bad, has a status docs/openapi.yaml documents and a body its schema validates. */
class OpenApiContractIT {

  private static WebFixture web;
  private static ApiContract spec;
  private static long alertId;

  /** One call: operation (method + documented path), the concrete request, who asks, and the status expected. */
  record Call(String method, String template, String path, JsonObject body, boolean token, int status) {
  }

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
    spec = ApiContract.load(web.vertx, Path.of("docs/openapi.yaml"));
    Instant now = Instant.now();
    web.sql("INSERT INTO devices (id, last_metrics) VALUES ('m-1', '{\"power_w\": 500, \"voltage_v\": 231}')");
    // The oldest five were scored warming up (no band); the rest carry the band the model expected.
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics, score, anomalous, expected) SELECT 'm-1', now() - s * "
        + "interval '10 seconds', s, '{\"power_w\": 500}', 0.5, s = 3, CASE WHEN s <= 25 THEN "
        + "'{\"power_w\": {\"low\": 450, \"high\": 550}}'::jsonb END FROM generate_series(1, 30) s");
    web.sql("INSERT INTO alerts (device_id, kind, metric, severity, message) VALUES ('m-1', 'anomaly', '', 'low', 'odd')");
    web.sql("INSERT INTO dead_letters (topic, device_id, reason, detail, payload, fingerprint, last_received_at) VALUES "
        + "('devices/m-1/telemetry', 'm-1', 'not_a_number', 'temp must be a number', '{\"temp\": \"21\"}', 'f1', now())");
    WebFixture.await(new RollupJob(web.pool).rollup(now.minusSeconds(3600), now.plusSeconds(60)));
    alertId = web.get("/api/alerts").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("id");
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static Call get(String template, String path, int status) {
    return new Call("GET", template, path, null, false, status);
  }

  private static Call write(String method, String template, String path, JsonObject body, boolean token, int status) {
    return new Call(method, template, path, body, token, status);
  }

  private static JsonObject rule(String metric) {
    return new JsonObject().put("metric", metric).put("operator", ">").put("value", 10);
  }

  private static JsonObject channel(String url) {
    return new JsonObject().put("name", "ops hook").put("type", "webhook")
        .put("settings", new JsonObject().put("url", url)).put("routing", new JsonObject().put("minSeverity", "high"));
  }

  private static JsonObject placement(String site, String tag) {
    return new JsonObject().put("site", site).put("tags", new io.vertx.core.json.JsonArray().add(tag));
  }

  private static List<Call> calls() {
    String a = "/api/alerts/" + alertId;
    return List.of(
        get("/health", "/health", 200),
        get("/metrics", "/metrics", 401),
        get("/api/devices", "/api/devices", 200),
        get("/api/devices", "/api/devices?limit=0", 400),
        get("/api/devices/{id}", "/api/devices/m-1", 200),
        get("/api/devices/{id}", "/api/devices/zz", 404),
        get("/api/devices/{id}", "/api/devices/a%20b", 400),
        get("/api/devices/{id}/readings", "/api/devices/m-1/readings", 200),
        get("/api/devices/{id}/readings", "/api/devices/m-1/readings?bucket=5m", 200),
        get("/api/devices/{id}/readings", "/api/devices/m-1/readings?limit=9999", 400),
        get("/api/devices/{id}/readings", "/api/devices/zz/readings", 404),
        get("/api/fleet/readings", "/api/fleet/readings?metric=power_w&bucket=5m", 200),
        get("/api/fleet/readings", "/api/fleet/readings?metric=power%20w", 400),
        get("/api/devices/{id}/export.csv", "/api/devices/m-1/export.csv?from=bad", 400),
        get("/api/devices/{id}/export.csv", "/api/devices/zz/export.csv", 404),
        get("/api/devices/{id}/models", "/api/devices/m-1/models", 200),
        get("/api/devices/{id}/models", "/api/devices/zz/models", 404),
        get("/api/drift", "/api/drift", 200),
        get("/api/drift", "/api/drift?limit=5000", 400),
        get("/api/drift", "/api/drift?deviceId=m-1", 200),
        get("/api/drift", "/api/drift?deviceId=a%20b", 400),
        get("/api/dead-letters/reasons", "/api/dead-letters/reasons", 200),
        get("/api/dead-letters", "/api/dead-letters?deviceId=m-1", 200),
        get("/api/dead-letters", "/api/dead-letters?reason=bogus", 400),
        get("/api/alerts", "/api/alerts?state=open", 200),
        get("/api/alerts", "/api/alerts?severity=x", 400),
        get("/api/alerts/{id}", a, 200),
        get("/api/alerts/{id}", "/api/alerts/0", 400),
        get("/api/alerts/{id}", "/api/alerts/424242", 404),
        write("POST", "/api/alerts/{id}/ack", a + "/ack", null, false, 401),
        write("POST", "/api/alerts/{id}/ack", a + "/ack", null, true, 200),
        write("POST", "/api/alerts/{id}/ack", "/api/alerts/424242/ack", null, true, 404),
        write("POST", "/api/alerts/{id}/clear", a + "/clear", null, true, 200),
        write("POST", "/api/alerts/{id}/clear", "/api/alerts/x/clear", null, true, 400),
        write("POST", "/api/rules", "/api/rules", rule("power_w"), true, 201),
        write("POST", "/api/rules", "/api/rules", rule("power_w"), true, 409),
        write("POST", "/api/rules", "/api/rules", rule("bad metric"), true, 400),
        write("POST", "/api/rules", "/api/rules", rule("x"), false, 401),
        get("/api/rules", "/api/rules", 200),
        get("/api/rules/{id}", "/api/rules/424242", 404),
        write("PUT", "/api/rules/{id}", "/api/rules/424242", rule("y"), true, 404),
        write("DELETE", "/api/rules/{id}", "/api/rules/424242", null, true, 404),
        write("POST", "/api/channels", "/api/channels", channel("https://hooks.example.com/a"), true, 201),
        write("POST", "/api/channels", "/api/channels", channel("https://hooks.example.com/a"), true, 409),
        write("POST", "/api/channels", "/api/channels", channel("file:///etc/passwd"), true, 400),
        write("POST", "/api/channels", "/api/channels", channel("https://hooks.example.com/b"), false, 401),
        get("/api/channels", "/api/channels", 200),
        get("/api/channels/{id}", "/api/channels/424242", 404),
        write("PUT", "/api/channels/{id}", "/api/channels/424242", channel("https://hooks.example.com/c"), true, 404),
        write("DELETE", "/api/channels/{id}", "/api/channels/424242", null, true, 404),
        write("POST", "/api/channels/{id}/test", "/api/channels/424242/test", null, true, 404),
        get("/api/deliveries", "/api/deliveries", 200),
        get("/api/deliveries", "/api/deliveries?state=lost", 400),
        write("PUT", "/api/devices/{id}/placement", "/api/devices/m-1/placement", placement("hq", "floor:2"), true, 200),
        write("PUT", "/api/devices/{id}/placement", "/api/devices/m-1/placement", placement("hq", "floor:2:3"), true, 400),
        write("PUT", "/api/devices/{id}/placement", "/api/devices/zz/placement", placement("hq", "floor:2"), true, 404),
        write("PUT", "/api/devices/{id}/placement", "/api/devices/m-1/placement", placement("hq", "x"), false, 401),
        write("PUT", "/api/sites/{site}", "/api/sites/hq", new JsonObject().put("timeZone", "Europe/Paris")
            .put("tariff", new JsonObject("{\"type\":\"tou\",\"price\":0.2,\"periods\":[{\"days\":[\"mon\"],"
                + "\"from\":\"07:00\",\"to\":\"23:00\",\"price\":0.4}]}")), true, 200),
        write("PUT", "/api/sites/{site}", "/api/sites/hq", new JsonObject().put("timeZone", "Nowhere/Land"), true, 400),
        get("/api/sites", "/api/sites", 200),
        get("/api/devices", "/api/devices?site=hq&tag=floor:2", 200),
        get("/api/devices", "/api/devices?tag=a:b:c", 400),
        get("/api/fleet/readings", "/api/fleet/readings?site=hq", 200),
        get("/api/energy", "/api/energy?site=hq&bucket=day", 200),
        get("/api/energy", "/api/energy?device=m-1", 200),
        get("/api/energy", "/api/energy?bucket=year", 400),
        get("/api/sites/{site}/report", "/api/sites/hq/report?period=week&format=doc", 400),
        get("/api/sites/{site}/report", "/api/sites/hq/report?from=2024-05-06T00:00:00Z", 400),
        get("/api/sites/{site}/report", "/api/sites/nowhere/report?period=day", 404),
        get("/api/sites/{site}/reports", "/api/sites/hq/reports", 200),
        write("PUT", "/api/sites/{site}/reports", "/api/sites/hq/reports", new JsonObject().put("period", "week")
            .put("channelId", 424242), true, 400),
        write("PUT", "/api/sites/{site}/reports", "/api/sites/nowhere/reports", new JsonObject().put("period", "day")
            .put("channelId", 1), true, 404),
        write("DELETE", "/api/sites/{site}/reports/{period}", "/api/sites/hq/reports/day", null, true, 404),
        write("DELETE", "/api/sites/{site}/reports/{period}", "/api/sites/hq/reports/year", null, true, 400),
        get("/api/stats", "/api/stats", 200),
        get("/api/stats", "/api/stats?tariff=abc", 400));
  }

  @Test
  void everyAnswerIsDocumentedAndValidatesAgainstItsSchema() {
    for (Call call : calls()) {
      HttpResponse<Buffer> response = send(call);
      String what = call.method() + " " + call.path();
      assertThat(response.statusCode()).as(what + " -> " + response.bodyAsString()).isEqualTo(call.status());
      assertThat(spec.documents(call.method(), call.path(), call.status())).as(what + ": status documented").isTrue();
      assertThat(spec.problem(call.method(), call.path(), response)).as(what + " -> " + response.bodyAsString()).isNull();
    }
  }

  @Test
  void documentsEveryRoutedOperation() {
    for (Call call : calls()) {
      assertThat(spec.documents(call.method(), call.path(), call.status())).as(call.toString()).isTrue();
    }
    assertThat(spec.documents("GET", "/api/devices/m-1/export.csv", 200)).isTrue();
    assertThat(spec.documents("PUT", "/api/rules/1", 409)).isTrue();
    assertThat(spec.documents("DELETE", "/api/rules/1", 204)).isTrue();
    assertThat(spec.documents("POST", "/api/rules", 415)).isTrue();
    assertThat(spec.documents("POST", "/api/rules", 413)).isTrue();
    assertThat(spec.documents("POST", "/api/alerts/1/ack", 403)).isTrue();
  }

  @Test
  void refusesAnAnswerMissingARequiredFieldOrOfTheWrongType() {
    JsonObject device = web.get("/api/devices/m-1").bodyAsJsonObject();
    JsonObject withoutId = device.copy();
    withoutId.remove("id");
    JsonObject idAsNumber = device.copy().put("id", 7);

    assertThat(spec.problem("GET", "/api/devices/m-1", 200, "application/json", device.toBuffer())).isNull();
    assertThat(spec.problem("GET", "/api/devices/m-1", 200, "application/json", withoutId.toBuffer())).isNotNull();
    assertThat(spec.problem("GET", "/api/devices/m-1", 200, "application/json", idAsNumber.toBuffer())).isNotNull();
  }

  private static HttpResponse<Buffer> send(Call call) {
    HttpMethod method = HttpMethod.valueOf(call.method());
    if (method == HttpMethod.GET) {
      return web.get(call.path());
    }
    return call.token() ? web.write(method, call.path(), call.body()) : web.writeWithoutToken(method, call.path(), call.body());
  }
}
