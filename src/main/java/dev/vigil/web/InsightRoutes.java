package dev.vigil.web;

import dev.vigil.scoring.DriftQueries;
import dev.vigil.scoring.ModelQueries;
import dev.vigil.store.AlertStore;
import dev.vigil.store.DeviceQueries;
import dev.vigil.store.StatsQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/stats} (fleet KPIs), {@code /api/drift} (latest drift reports), {@code /api/devices/{id}/models}. */
final class InsightRoutes {

  static final double DEFAULT_TARIFF = dev.vigil.energy.EnergyLookup.DEFAULT_TARIFF;
  static final double MAX_TARIFF = 1000;

  private final StatsQueries stats;
  private final AlertStore alerts;
  private final DriftQueries drift;
  private final ModelQueries models;
  private final DeviceQueries devices;

  InsightRoutes(StatsQueries stats, AlertStore alerts, DriftQueries drift, ModelQueries models, DeviceQueries devices) {
    this.stats = stats;
    this.alerts = alerts;
    this.drift = drift;
    this.models = models;
    this.devices = devices;
  }

  void mount(Router api) {
    api.get("/stats").handler(this::stats);
    api.get("/drift").handler(this::drift);
    api.get("/devices/:id/models").handler(this::models);
  }

  private void stats(RoutingContext ctx) {
    double tariff = Params.number(ctx, "tariff", DEFAULT_TARIFF, 0, MAX_TARIFF);
    Future<JsonObject> kpis = stats.stats(tariff);
    Future<JsonObject> open = alerts.countOpenBySeverity();
    Responses.reply(ctx, Future.all(kpis, open).map(done -> kpis.result().put("openAlerts", open.result())));
  }

  private void drift(RoutingContext ctx) {
    int limit = Params.integer(ctx, "limit", 100, 1, 1000);
    String deviceId = Params.optionalDeviceId(ctx, "deviceId");
    Responses.reply(ctx, drift.latest(deviceId, limit).map(items -> new JsonObject().put("items", items)));
  }

  private void models(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    Responses.reply(ctx, DeviceRoutes.existing(devices, id).compose(v -> models.forDevice(id))
        .map(items -> new JsonObject().put("deviceId", id).put("items", items)));
  }
}
