package dev.vigil.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health} (200 when database and broker are up, else 503; open, for load balancers and
 * orchestrators) and {@code /metrics} (Prometheus text; behind a bearer token when one is configured).
 */
final class OpsRoutes {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HealthProbe health;
  private final PrometheusMeterRegistry registry;
  private final BearerToken metricsToken;

  /** {@code metricsToken} null or empty: /metrics is open. */
  OpsRoutes(HealthProbe health, PrometheusMeterRegistry registry, String metricsToken) {
    this.health = health;
    this.registry = registry;
    this.metricsToken = BearerToken.of(metricsToken);
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
  }

  private void health(RoutingContext ctx) {
    health.check()
        .onSuccess(status -> Responses.json(ctx, allUp(status) ? 200 : 503, status))
        .onFailure(e -> Responses.json(ctx, 503, new JsonObject()
            .put("error", "health check failed: " + e.getMessage())));
  }

  static boolean allUp(JsonObject status) {
    return isUp(status, "database") && isUp(status, "broker");
  }

  private static boolean isUp(JsonObject status, String part) {
    JsonObject p = status == null ? null : status.getJsonObject(part);
    return p != null && "up".equals(p.getString("status"));
  }

  private void metrics(RoutingContext ctx) {
    if (metricsToken != null && !metricsToken.presentedIn(ctx.request())) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Responses.json(ctx, 401, new JsonObject().put("error", "/metrics needs 'Authorization: Bearer <token>'"));
      return;
    }
    if (registry == null) {
      Responses.json(ctx, 503, new JsonObject().put("error", "metrics are not enabled on this instance"));
      return;
    }
    ctx.vertx().executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(text))
        .onFailure(ctx::fail);
  }
}
