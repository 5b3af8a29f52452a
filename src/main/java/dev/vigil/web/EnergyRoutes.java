package dev.vigil.web;

import dev.vigil.energy.EnergyBucket;
import dev.vigil.energy.EnergyLookup;
import dev.vigil.energy.Placement;
import dev.vigil.energy.Tariff;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/energy}: kWh, cost, peak, base load and production of the devices a site, tag or device id
 * selects, per bucket and per device, tag and site (docs/energy.md). The figures are {@link EnergyLookup}'s,
 * the same a site's report is made of.
 */
final class EnergyRoutes {

  private final EnergyLookup lookup;

  EnergyRoutes(EnergyLookup lookup) {
    this.lookup = lookup;
  }

  void mount(Router api) {
    api.get("/energy").handler(this::energy);
  }

  private void energy(RoutingContext ctx) {
    Responses.reply(ctx, lookup.lookup(ask(ctx)).map(EnergyLookup.Answer::json));
  }

  private static EnergyLookup.Ask ask(RoutingContext ctx) {
    String site = SiteRoutes.validated(() -> DeviceRoutes.siteOrTag(ctx, "site"));
    String tag = SiteRoutes.validated(() -> DeviceRoutes.siteOrTag(ctx, "tag"));
    String device = Params.optionalDeviceId(ctx, "device");
    Instant to = Params.instant(ctx, "to", Instant.now());
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofDays(1)));
    Params.range(from, to, DeviceRoutes.MAX_RANGE);
    String bucketText = Params.query(ctx, "bucket");
    EnergyBucket bucket = bucketText == null ? EnergyBucket.HOUR : SiteRoutes.validated(() -> EnergyBucket.parse(bucketText));
    String tz = Params.query(ctx, "tz");
    if (tz != null) {
      SiteRoutes.validated(() -> Placement.zone(tz, "tz"));
    }
    double tariff = Params.number(ctx, "tariff", InsightRoutes.DEFAULT_TARIFF, 0, Tariff.MAX_PRICE);
    return new EnergyLookup.Ask(site, tag, device, from, to, bucket, tz, tariff);
  }
}
