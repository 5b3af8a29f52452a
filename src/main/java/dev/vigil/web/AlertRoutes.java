package dev.vigil.web;

import dev.vigil.alert.Alert;
import dev.vigil.bus.Addresses;
import dev.vigil.store.AlertFilter;
import dev.vigil.store.AlertStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/** {@code /api/alerts}: filtered, paged list; one alert; acknowledge and clear (published live after). */
final class AlertRoutes {

  static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  static final Set<String> STATES = Set.of(Alert.OPEN, Alert.ACKED, Alert.CLEARED);
  static final int MAX_OFFSET = 1_000_000;

  private final AlertStore alerts;
  private final EventBus bus;

  AlertRoutes(AlertStore alerts, EventBus bus) {
    this.alerts = alerts;
    this.bus = bus;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/alerts").handler(this::list);
    api.get("/alerts/:id").handler(this::get);
    api.post("/alerts/:id/ack").handler(writeGuard).handler(ctx -> change(ctx, alerts::ack));
    api.post("/alerts/:id/clear").handler(writeGuard).handler(ctx -> change(ctx, alerts::clear));
  }

  private void list(RoutingContext ctx) {
    Instant from = Params.instant(ctx, "from", null);
    Instant to = Params.instant(ctx, "to", null);
    if (from != null && to != null) {
      Params.range(from, to, DeviceRoutes.MAX_RANGE);
    }
    AlertFilter filter = new AlertFilter(Params.oneOf(ctx, "severity", SEVERITIES), Params.oneOf(ctx, "state", STATES),
        Params.optionalDeviceId(ctx, "deviceId"), from, to,
        Params.integer(ctx, "limit", AlertFilter.DEFAULT_LIMIT, 1, AlertFilter.MAX_LIMIT),
        Params.integer(ctx, "offset", 0, 0, MAX_OFFSET));
    Responses.reply(ctx, alerts.list(filter));
  }

  private void get(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Responses.reply(ctx, alerts.get(id).map(found -> found(found, id).toJson()));
  }

  private void change(RoutingContext ctx, LongFunction<Future<Optional<Alert>>> action) {
    long id = Params.positiveId(ctx, "id");
    Responses.reply(ctx, action.apply(id).map(found -> {
      JsonObject json = found(found, id).toJson();
      bus.publish(Addresses.ALERTS, json);
      return json;
    }));
  }

  private static Alert found(Optional<Alert> alert, long id) {
    return alert.orElseThrow(() -> ApiError.notFound("alert " + id));
  }
}
