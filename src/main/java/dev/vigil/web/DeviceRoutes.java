package dev.vigil.web;

import dev.vigil.energy.Placement;
import dev.vigil.store.DeviceQueries;
import dev.vigil.store.ExportQueries;
import dev.vigil.store.ReadingQueries;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/devices}: the fleet, one device, its readings (raw or downsampled) and its CSV export. */
final class DeviceRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);

  static final Duration MAX_RANGE = Duration.ofDays(400);
  static final int MAX_PAGE = 1000;
  static final int MAX_RAW = 5000;
  static final int DEFAULT_RAW = 1000;
  static final long MAX_EXPORT_ROWS = 1_000_000;
  /** At most this many buckets per metric in one answer: a week of minutes. */
  static final long MAX_BUCKETS = 10_080;
  static final Map<String, Long> BUCKETS = Map.of("1m", 60L, "5m", 300L, "1h", 3600L, "1d", 86400L);

  private final DeviceQueries devices;
  private final ReadingQueries readings;
  private final ExportQueries export;

  DeviceRoutes(DeviceQueries devices, ReadingQueries readings, ExportQueries export) {
    this.devices = devices;
    this.readings = readings;
    this.export = export;
  }

  void mount(Router api) {
    api.get("/devices").handler(this::list);
    api.get("/devices/:id").handler(this::get);
    api.get("/devices/:id/readings").handler(this::readings);
    api.get("/devices/:id/export.csv").handler(this::export);
  }

  private void list(RoutingContext ctx) {
    int limit = Params.integer(ctx, "limit", MAX_PAGE, 1, MAX_PAGE);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    String site = SiteRoutes.validated(() -> siteOrTag(ctx, "site"));
    String tag = SiteRoutes.validated(() -> siteOrTag(ctx, "tag"));
    Responses.reply(ctx, devices.list(limit, offset, site, tag));
  }

  /** The optional {@code site} or {@code tag} filter of a query, validated by {@link Placement}'s rules. */
  static String siteOrTag(RoutingContext ctx, String name) {
    String value = Params.query(ctx, name);
    if (value == null) {
      return null;
    }
    return "site".equals(name) ? Placement.site(value, name) : Placement.tag(value, name);
  }

  private void get(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    Responses.reply(ctx, devices.get(id).map(found -> found.orElseThrow(() -> ApiError.notFound("device " + id))));
  }

  private void readings(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    Instant to = Params.instant(ctx, "to", Instant.now());
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(1)));
    Params.range(from, to, MAX_RANGE);
    String bucket = Params.oneOf(ctx, "bucket", BUCKETS.keySet());
    JsonObject answer = new JsonObject().put("deviceId", id).put("from", from.toString()).put("to", to.toString());
    Future<JsonObject> result;
    if (bucket == null) {
      int limit = Params.integer(ctx, "limit", DEFAULT_RAW, 1, MAX_RAW);
      result = readings.raw(id, from, to, limit).map(items -> answer.put("limit", limit).put("items", items));
    } else {
      long seconds = BUCKETS.get(bucket);
      if (Duration.between(from, to).toSeconds() / seconds > MAX_BUCKETS) {
        throw ApiError.badParameter("bucket", "more than " + MAX_BUCKETS + " buckets in this range; use a coarser bucket");
      }
      result = readings.bucketed(id, from, to, seconds).map(series -> answer.put("bucket", bucket).put("series", series));
    }
    Responses.reply(ctx, existing(id).compose(v -> result));
  }

  private void export(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    Instant to = Params.instant(ctx, "to", Instant.now());
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofDays(1)));
    Params.range(from, to, MAX_RANGE);
    existing(id).onFailure(ctx::fail).onSuccess(v -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".csv\"");
      export.csv(id, from, to, MAX_EXPORT_ROWS, response)
          .onSuccess(rows -> response.end())
          .onFailure(e -> {
            LOG.warn("CSV export of device {} failed after the header: {}", id, e.getMessage());
            response.reset();
          });
    });
  }

  private Future<Void> existing(String id) {
    return existing(devices, id);
  }

  /** Succeeds when device {@code id} is known, else fails with a 404 naming it: for every route under a device. */
  static Future<Void> existing(DeviceQueries devices, String id) {
    return devices.exists(id).compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiError.notFound("device " + id)));
  }
}
