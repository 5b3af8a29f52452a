package dev.vigil.web;

import dev.vigil.energy.CounterIntegrator;
import dev.vigil.energy.DeviceSeries;
import dev.vigil.energy.EnergyBucket;
import dev.vigil.energy.EnergyReport;
import dev.vigil.energy.MeteredDevice;
import dev.vigil.energy.MinuteRow;
import dev.vigil.energy.Placement;
import dev.vigil.energy.PowerIntegrator;
import dev.vigil.energy.ReportingInterval;
import dev.vigil.energy.Slots;
import dev.vigil.energy.Tariff;
import dev.vigil.forecast.ForecastQueries;
import dev.vigil.forecast.UnusualDay;
import dev.vigil.store.EnergyQueries;
import dev.vigil.store.EnergyQueries.Selected;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/energy}: kWh, cost, peak, base load and production of the devices a site, tag or device id
 * selects, per bucket and per device, tag and site (docs/energy.md). Reads the minute rollups; the
 * integration runs on a worker thread, never on the event loop.
 */
final class EnergyRoutes {

  static final int MAX_DEVICES = 500;
  /** Devices x 15-minute slots in one answer: 100 devices over 400 days. */
  static final long MAX_DEVICE_SLOTS = 100L * 400 * 96;

  private final EnergyQueries queries;
  private final ForecastQueries forecasts;
  private final String forecastMetric;
  private final Vertx vertx;

  EnergyRoutes(EnergyQueries queries, ForecastQueries forecasts, String forecastMetric, Vertx vertx) {
    this.queries = queries;
    this.forecasts = forecasts;
    this.forecastMetric = forecastMetric;
    this.vertx = vertx;
  }

  void mount(Router api) {
    api.get("/energy").handler(this::energy);
  }

  /** The request, validated. */
  private record Ask(String site, String tag, String device, Instant from, Instant to, EnergyBucket bucket, String tz,
      double tariff) {
  }

  private void energy(RoutingContext ctx) {
    Ask ask = ask(ctx);
    Responses.reply(ctx, queries.devices(ask.site(), ask.tag(), ask.device(), MAX_DEVICES + 1).compose(devices -> {
      if (devices.size() > MAX_DEVICES) {
        throw ApiError.badParameter("site", "selects more than " + MAX_DEVICES + " devices; filter by site or tag");
      }
      long slots = Duration.between(ask.from(), ask.to()).toSeconds() / Slots.SLOT + 1;
      if (slots * devices.size() > MAX_DEVICE_SLOTS) {
        throw ApiError.badParameter("to", "too long a range for " + devices.size() + " devices; narrow it or filter");
      }
      return report(ask, devices);
    }));
  }

  private static Ask ask(RoutingContext ctx) {
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
    return new Ask(site, tag, device, from, to, bucket, tz, tariff);
  }

  private Future<JsonObject> report(Ask ask, List<Selected> devices) {
    List<String> ids = devices.stream().map(Selected::id).toList();
    // Far enough back that the last reading before the range carries into it, however sparse the device.
    Instant powerFrom = ask.from().minusSeconds(ReportingInterval.MAX_GAP_SECONDS);
    Future<Map<String, List<MinuteRow>>> power = queries.minutes(ids, EnergyQueries.POWER, powerFrom, ask.to());
    Future<Map<String, List<MinuteRow>>> counter = queries.minutes(ids, EnergyQueries.COUNTER, ask.from(), ask.to());
    Future<Map<String, MinuteRow>> before = queries.lastBefore(ids, EnergyQueries.COUNTER, ask.from());
    Future<List<UnusualDay>> unusual = forecasts.unusualDays(ids, forecastMetric, ask.from(), ask.to(),
        zone(ask, devices));
    // The forecast of what the selection will use next: from the range's end, or from now when it ends later.
    Instant forecastFrom = ask.to().isBefore(Instant.now()) ? ask.to() : Instant.now().truncatedTo(ChronoUnit.HOURS);
    Future<JsonObject> ahead = forecasts.summed(ids, forecastMetric, forecastFrom);
    return Future.all(power, counter, before, unusual, ahead).compose(done -> vertx.executeBlocking(() ->
        build(ask, devices, power.result(), counter.result(), before.result()), false))
        .map(report -> report.put("unusualConsumption",
            new JsonArray(unusual.result().stream().map(UnusualDay::toJson).toList())).put("forecast", ahead.result()));
  }

  private static JsonObject build(Ask ask, List<Selected> devices, Map<String, List<MinuteRow>> power,
      Map<String, List<MinuteRow>> counter, Map<String, MinuteRow> before) {
    long from = ask.from().getEpochSecond();
    long to = ask.to().getEpochSecond();
    long end = Math.min(to, Instant.now().getEpochSecond());
    Tariff flat = Tariff.flat(ask.tariff());
    List<MeteredDevice> metered = devices.stream().map(d -> {
      List<MinuteRow> counts = counter.getOrDefault(d.id(), List.of());
      List<MinuteRow> powers = power.getOrDefault(d.id(), List.of());
      DeviceSeries series = counts.isEmpty()
          ? new PowerIntegrator(ReportingInterval.maxGapSeconds(powers)).integrate(powers, from, to, end)
          : new CounterIntegrator(ReportingInterval.maxGapSeconds(counts)).integrate(before.get(d.id()), counts, from, to, end);
      ZoneId zone = d.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(d.timeZone());
      Tariff tariff = d.tariff() == null ? flat : Tariff.fromJson(d.tariff());
      return new MeteredDevice(d.id(), d.site(), d.tags(), d.producer(), zone, tariff, series);
    }).toList();
    return new EnergyReport(metered, from, to, end).toJson(ask.bucket(), zone(ask, devices));
  }

  /** The zone of the buckets: {@code tz} when given, else the selected site's, else UTC. */
  private static ZoneId zone(Ask ask, List<Selected> devices) {
    if (ask.tz() != null) {
      return ZoneId.of(ask.tz());
    }
    return devices.stream().filter(d -> ask.site() != null && d.timeZone() != null).findFirst()
        .map(d -> ZoneId.of(d.timeZone())).orElse(ZoneOffset.UTC);
  }
}
