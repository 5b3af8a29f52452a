package dev.vigil.web;

import dev.vigil.forecast.ForecastConfig;
import dev.vigil.ingest.MetricNames;
import dev.vigil.store.FleetQueries;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /api/fleet/readings}: one metric summed over the fleet, or the devices of a site or tag, per bucket
 * (the overview's fleet chart).
 */
final class FleetRoutes {


  private final FleetQueries fleet;

  FleetRoutes(FleetQueries fleet) {
    this.fleet = fleet;
  }

  void mount(Router api) {
    api.get("/fleet/readings").handler(this::readings);
  }

  private void readings(RoutingContext ctx) {
    String metric = Params.metric(ctx, "metric", ForecastConfig.DEFAULT_METRIC);
    Instant to = Params.instant(ctx, "to", Instant.now());
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(1)));
    Params.range(from, to, DeviceRoutes.MAX_RANGE);
    String bucket = Params.oneOf(ctx, "bucket", DeviceRoutes.BUCKETS.keySet());
    if (bucket == null) {
      bucket = "1m";
    }
    long seconds = DeviceRoutes.BUCKETS.get(bucket);
    if (Duration.between(from, to).toSeconds() / seconds > DeviceRoutes.MAX_BUCKETS) {
      throw ApiError.badParameter("bucket", "more than " + DeviceRoutes.MAX_BUCKETS + " buckets in this range; use a coarser bucket");
    }
    String site = SiteRoutes.validated(() -> DeviceRoutes.siteOrTag(ctx, "site"));
    String tag = SiteRoutes.validated(() -> DeviceRoutes.siteOrTag(ctx, "tag"));
    JsonObject answer = new JsonObject().put("metric", metric).put("from", from.toString()).put("to", to.toString())
        .put("bucket", bucket);
    Responses.reply(ctx, fleet.summed(metric, from, to, seconds, site, tag).map(items -> answer.put("items", items)));
  }
}
