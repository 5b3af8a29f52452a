package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.BridgeClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SockJS bridge (outbound only, live readings), /health with a fake probe, and /metrics. */
class BridgeAndOpsIT {

  private static final HealthProbe BROKER_DOWN = () -> Future.succeededFuture(new JsonObject()
      .put("database", new JsonObject().put("status", "up"))
      .put("broker", new JsonObject().put("status", "down").put("error", "connection refused")));

  @Test
  void deliversAStoredReadingLiveToABrowser() throws Exception {
    try (WebFixture web = WebFixture.start(); BridgeClient browser = BridgeClient.connect(web.vertx, web.port)) {
      browser.register(Addresses.LIVE_READINGS);
      Reading reading = new Reading("kitchen-1", Instant.parse("2025-01-01T10:00:00Z"), 7, Map.of("power_w", 5400.0),
          Instant.now());
      JsonObject frame = null;
      // The register frame and the publish travel on different paths: publish (anomalous, so never
      // throttled) until the browser's registration has landed.
      for (int attempt = 0; attempt < 25 && frame == null; attempt++) {
        web.vertx.eventBus().publish(Addresses.READINGS_STORED,
            StoredReadings.of(new ScoredReading(reading, 0.995, true, false, 1, List.of())));
        frame = browser.await(f -> Addresses.LIVE_READINGS.equals(f.getString("address")), 400, TimeUnit.MILLISECONDS);
      }
      assertThat(frame).isNotNull();
      JsonObject body = frame.getJsonObject("body");
      assertThat(body.getString("deviceId")).isEqualTo("kitchen-1");
      assertThat(body.getString("ts")).isEqualTo("2025-01-01T10:00:00Z");
      assertThat(body.getJsonObject("metrics").getDouble("power_w")).isEqualTo(5400.0);
      assertThat(body.getDouble("score")).isEqualTo(0.995);
      assertThat(body.getBoolean("anomalous")).isTrue();
    }
  }

  @Test
  void refusesAPublishFromABrowser() throws Exception {
    try (WebFixture web = WebFixture.start(); BridgeClient browser = BridgeClient.connect(web.vertx, web.port)) {
      BlockingQueue<JsonObject> leaked = new LinkedBlockingQueue<>();
      web.vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> leaked.add(m.body()));
      web.vertx.eventBus().<JsonObject>consumer(Addresses.RULES_CHANGED, m -> leaked.add(m.body()));
      browser.publish(Addresses.ALERTS, new JsonObject().put("forged", true));
      browser.publish(Addresses.RULES_CHANGED, new JsonObject().put("forged", true));
      JsonObject error = browser.await(f -> "err".equals(f.getString("type")), 10, TimeUnit.SECONDS);
      assertThat(error).isNotNull();
      assertThat(error.getString("body")).isEqualTo("access_denied");
      assertThat(leaked.poll(1, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void answersHealth200WhenAllIsUpAnd503OtherwiseWithTheProbeJson() {
    try (WebFixture up = WebFixture.start()) {
      HttpResponse<Buffer> ok = up.get("/health");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.bodyAsJsonObject().getJsonObject("database").getString("status")).isEqualTo("up");
    }
    try (WebFixture down = WebFixture.start(WebFixture.TOKEN, null, BROKER_DOWN)) {
      HttpResponse<Buffer> unavailable = down.get("/health");
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(unavailable.bodyAsJsonObject().getJsonObject("broker").getString("error")).isEqualTo("connection refused");
    }
  }

  @Test
  void servesPrometheusTextAnd503WithoutARegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("vigil_test_events").increment(3);
    try (WebFixture web = WebFixture.start(null, registry, WebFixture.ALL_UP)) {
      HttpResponse<Buffer> metrics = web.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
      assertThat(metrics.bodyAsString()).contains("vigil_test_events_total 3.0");
    }
    try (WebFixture web = WebFixture.start(null, null, WebFixture.ALL_UP)) {
      HttpResponse<Buffer> none = web.get("/metrics");
      assertThat(none.statusCode()).isEqualTo(503);
      assertThat(none.bodyAsJsonObject().getString("error")).isNotBlank();
    }
  }

  @Test
  void answersUnknownApiPathsWithA404Json() {
    try (WebFixture web = WebFixture.start()) {
      HttpResponse<Buffer> missing = web.get("/api/nothing-here");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.bodyAsJsonObject().getString("error")).contains("/api/nothing-here");
    }
  }

  @Test
  void makesBrowsersRevalidateDashboardFilesSoAnUpgradeShowsAtOnce() {
    try (WebFixture web = WebFixture.start()) {
      HttpResponse<Buffer> first = web.get("/js/app.js");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.getHeader("cache-control")).contains("max-age=0");
      String lastModified = first.getHeader("last-modified");
      assertThat(lastModified).isNotBlank();

      HttpResponse<Buffer> again = web.get("/js/app.js", "if-modified-since", lastModified);
      assertThat(again.statusCode()).as("unchanged file: not sent again").isEqualTo(304);
    }
  }
}
