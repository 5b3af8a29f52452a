package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web edge seen from another site's page, in open mode (no token, the embedded default): what a
 * browser would send cross-origin (form and text/plain posts, a WebSocket to the bridge, a CORS probe
 * of /eventbus/info) is refused, the dashboard's own origin and clients without an Origin still work,
 * and every answer carries the security headers.
 */
class WebEdgeIT {

  private static final String EVIL = "http://evil.example";
  private static final String LISTED = "https://vigil.example.org";
  private static WebFixture web;
  private static String self;

  @BeforeAll
  static void start() {
    web = WebFixture.startWith(port -> new WebConfig("127.0.0.1", port, null, null, List.of(LISTED), null,
        WebConfig.DEFAULT_IDLE_TIMEOUT_S, WebConfig.DEFAULT_HEADER_TIMEOUT_S, 0), null, WebFixture.ALL_UP);
    self = "http://127.0.0.1:" + web.port;
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
        + "('meter-1', 'threshold', 'power_w', 'high', 'power_w too high', '2025-01-01T10:00:00Z')");
  }

  @Test
  void refusesACrossOriginFormPostWith415AndCreatesNoRule() {
    HttpResponse<Buffer> form = send(post("/api/rules", EVIL).putHeader("Content-Type", "application/x-www-form-urlencoded"),
        "metric=power_w&operator=%3E&value=1&severity=high");
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(rules()).isEmpty();
  }

  @Test
  void refusesACrossOriginTextPlainPostWith415AndCreatesNoRule() {
    HttpResponse<Buffer> text = send(post("/api/rules", EVIL).putHeader("Content-Type", "text/plain;charset=UTF-8"),
        rule().encode());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(rules()).isEmpty();
  }

  @Test
  void refusesABodylessCrossOriginAcknowledgeWith403AndLeavesTheAlertOpen() {
    long id = alertId();
    HttpResponse<Buffer> ack = WebFixture.await(post("/api/alerts/" + id + "/ack", EVIL).send());
    assertThat(ack.statusCode()).isEqualTo(403);
    assertThat(web.get("/api/alerts/" + id).bodyAsJsonObject().getString("state")).isEqualTo("open");
  }

  @Test
  void refusesAJsonWriteFromAForeignOriginWith403() {
    HttpResponse<Buffer> json = WebFixture.await(post("/api/rules", EVIL).sendJsonObject(rule()));
    assertThat(json.statusCode()).isEqualTo(403);
    assertThat(rules()).isEmpty();
  }

  @Test
  void acceptsJsonWritesFromTheDashboardsOwnOriginAListedOriginAndClientsWithoutOrigin() {
    assertThat(WebFixture.await(post("/api/rules", self).sendJsonObject(rule())).statusCode()).isEqualTo(201);
    assertThat(WebFixture.await(post("/api/rules", LISTED).sendJsonObject(rule().put("value", 2))).statusCode())
        .isEqualTo(201);
    assertThat(web.writeWithoutToken(HttpMethod.POST, "/api/rules", rule().put("value", 3)).statusCode()).isEqualTo(201);
    long id = alertId();
    assertThat(WebFixture.await(post("/api/alerts/" + id + "/ack", self).send()).statusCode()).isEqualTo(200);
    assertThat(rules()).hasSize(3);
  }

  @Test
  void refusesAWebSocketToTheBridgeFromAForeignOriginAndAcceptsTheDashboardsOwn() {
    WebSocketClient client = web.vertx.createWebSocketClient();
    try {
      Throwable refused = WebFixture.await(client.connect(bridge(EVIL)).map(ws -> (Throwable) null)
          .recover(e -> io.vertx.core.Future.succeededFuture(e)));
      assertThat(refused).as("a cross-origin handshake must fail").isNotNull();
      assertThat(refused.getMessage()).contains("403");
      WebSocket accepted = WebFixture.await(client.connect(bridge(self)));
      assertThat(accepted.isClosed()).isFalse();
      WebFixture.await(accepted.close());
    } finally {
      WebFixture.await(client.close());
    }
  }

  @Test
  void doesNotReflectAForeignOriginFromEventbusInfo() {
    HttpResponse<Buffer> foreign = web.get("/eventbus/info", "Origin", EVIL);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(foreign.getHeader("Access-Control-Allow-Credentials")).isNull();
    HttpResponse<Buffer> own = web.get("/eventbus/info", "Origin", self);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.getHeader("Access-Control-Allow-Origin")).isIn(null, self);
    assertThat(own.bodyAsJsonObject().getBoolean("websocket")).isTrue();
  }

  @Test
  void refusesTheScriptTagTransportsOfTheBridge() {
    assertThat(web.get("/eventbus/000/abcdefgh/jsonp?c=steal").statusCode()).isEqualTo(404);
    assertThat(web.get("/eventbus/000/abcdefgh/htmlfile?c=steal").statusCode()).isEqualTo(404);
  }

  @Test
  void putsTheSecurityHeadersOnPagesApiAnswersAndErrors() {
    for (String path : List.of("/", "/index.html", "/js/app.js", "/api/devices", "/api/nothing-here", "/health")) {
      HttpResponse<Buffer> answer = web.get(path);
      assertThat(answer.getHeader("Content-Security-Policy")).as(path).contains("default-src 'self'")
          .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(answer.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(answer.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(answer.getHeader("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }
  }

  @Test
  void keepsMetricsBehindTheMetricsTokenWhenOneIsConfigured() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("vigil_test_events").increment();
    try (WebFixture guarded = WebFixture.startWith(port -> new WebConfig("127.0.0.1", port, "write-token", null, List.of(),
        "scrape-token", WebConfig.DEFAULT_IDLE_TIMEOUT_S, WebConfig.DEFAULT_HEADER_TIMEOUT_S, 0), registry,
        WebFixture.ALL_UP)) {
      assertThat(guarded.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(guarded.get("/metrics", "Authorization", "Bearer write-token").statusCode()).isEqualTo(401);
      HttpResponse<Buffer> scraped = guarded.get("/metrics", "Authorization", "Bearer scrape-token");
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.bodyAsString()).contains("vigil_test_events_total 1.0");
      assertThat(guarded.get("/health").statusCode()).as("/health stays open for probes").isEqualTo(200);
    }
  }

  @Test
  void keepsMetricsBehindTheApiTokenWhenNoMetricsTokenIsSet() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (WebFixture guarded = WebFixture.start(WebFixture.TOKEN, registry, WebFixture.ALL_UP)) {
      assertThat(guarded.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(guarded.get("/metrics", "Authorization", "Bearer " + WebFixture.TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void answersAKnownPathAskedWithAnotherMethodWith405AndTheMethodsItTakes() {
    HttpResponse<Buffer> patch = WebFixture.await(web.client.request(HttpMethod.PATCH, "/api/rules/7")
        .sendJsonObject(rule()));
    assertThat(patch.statusCode()).isEqualTo(405);
    assertThat(patch.getHeader("Allow")).isEqualTo("DELETE, GET, PUT");
    assertThat(patch.bodyAsJsonObject().getString("error")).contains("PATCH").contains("/api/rules/7");

    HttpResponse<Buffer> deleteAll = WebFixture.await(web.client.request(HttpMethod.DELETE, "/api/rules").send());
    assertThat(deleteAll.statusCode()).isEqualTo(405);
    assertThat(deleteAll.getHeader("Allow")).isEqualTo("GET, POST");
    assertThat(WebFixture.await(web.client.request(HttpMethod.PATCH, "/api/nowhere").send()).statusCode())
        .as("an unknown path stays 404").isEqualTo(404);
  }

  @Test
  void answersABodyOverTheLimitWith413AndCreatesNoRule() {
    JsonObject huge = rule().put("padding", "x".repeat(70 * 1024));
    HttpResponse<Buffer> tooLarge = WebFixture.await(post("/api/rules", self).sendJsonObject(huge));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.bodyAsJsonObject().getString("error")).contains("65536 bytes");
    assertThat(rules()).isEmpty();
  }

  private static WebSocketConnectOptions bridge(String origin) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(web.port).setURI("/eventbus/websocket")
        .addHeader("Origin", origin);
  }

  private static HttpRequest<Buffer> post(String path, String origin) {
    return web.client.request(HttpMethod.POST, path).putHeader("Origin", origin);
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return WebFixture.await(request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject rule() {
    return new JsonObject().put("metric", "power_w").put("operator", ">").put("value", 1).put("severity", "high");
  }

  private static List<Object> rules() {
    return web.get("/api/rules").bodyAsJsonObject().getJsonArray("items").getList();
  }

  private static long alertId() {
    return web.get("/api/alerts").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("id");
  }
}
