package dev.vigil.web;

import dev.vigil.energy.InvalidEnergyInput;
import dev.vigil.energy.Placement;
import dev.vigil.energy.Tariff;
import dev.vigil.store.SiteStore;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code /api/sites} (sites with their time zone and tariff, and every tag in use) and
 * {@code PUT /api/devices/{id}/placement} (a device's site, tags and energy role). Placing a device is an
 * operator's write, a site's tariff an admin's ({@link AccessRules}).
 */
final class SiteRoutes {

  private final SiteStore sites;

  SiteRoutes(SiteStore sites) {
    this.sites = sites;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/sites").handler(ctx -> Responses.reply(ctx, sites.list()));
    api.put("/sites/:site").handler(writeGuard).handler(this::putSite);
    api.put("/devices/:id/placement").handler(writeGuard).handler(this::place);
  }

  private void putSite(RoutingContext ctx) {
    String id = validated(() -> Placement.site(ctx.pathParam("site"), "site"));
    JsonObject body = Bodies.object(ctx);
    String zone = validated(() -> Placement.zone(body.getValue("timeZone", "UTC"), "timeZone")).getId();
    Object tariff = body.getValue("tariff");
    if (tariff != null && !(tariff instanceof JsonObject)) {
      throw ApiError.badParameter("tariff", "must be a tariff object or null");
    }
    JsonObject stored = tariff == null ? null : validated(() -> Tariff.fromJson((JsonObject) tariff)).toJson();
    Responses.reply(ctx, sites.put(id, zone, stored));
  }

  private void place(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    Placement placement = validated(() -> Placement.fromJson(Bodies.object(ctx)));
    Responses.reply(ctx, sites.place(id, placement).map(found -> {
      if (!found) {
        throw ApiError.notFound("device " + id);
      }
      return placement.toJson().put("deviceId", id);
    }));
  }

  /** Runs a validation, turning a refusal into a 400 naming the field. */
  static <T> T validated(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidEnergyInput e) {
      throw ApiError.badParameter(e.field(), e.getMessage());
    }
  }
}
