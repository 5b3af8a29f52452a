package dev.vigil.web;

import dev.vigil.energy.EnergyLookup;
import dev.vigil.energy.Placement;
import dev.vigil.energy.Tariff;
import dev.vigil.notify.ChannelStore;
import dev.vigil.notify.ChannelType;
import dev.vigil.report.ReportFormat;
import dev.vigil.report.ReportPeriod;
import dev.vigil.report.ReportRange;
import dev.vigil.report.ReportSchedule;
import dev.vigil.report.ScheduleStore;
import dev.vigil.report.SiteReports;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * A site's report (docs/energy.md, "Reports"): {@code GET /api/sites/{site}/report} downloads it as a PDF or
 * xlsx for a range or the last whole day, week or month; {@code /api/sites/{site}/reports} lists, sets
 * ({@code PUT}, an admin's write) and removes ({@code DELETE .../{period}}) the reports sent on a schedule.
 */
final class ReportRoutes {

  /** A currency sign or code put before costs: a few printable characters, no markup. */
  private static final Pattern CURRENCY = Pattern.compile("[\\p{L}\\p{Sc}. ]{1,8}");

  private final SiteReports reports;
  private final ScheduleStore schedules;
  private final ChannelStore channels;

  ReportRoutes(SiteReports reports, ScheduleStore schedules, ChannelStore channels) {
    this.reports = reports;
    this.schedules = schedules;
    this.channels = channels;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/sites/:site/report").handler(this::download);
    api.get("/sites/:site/reports").handler(ctx -> Responses.reply(ctx, existing(site(ctx))
        .compose(zone -> schedules.ofSite(site(ctx)))
        .map(list -> new JsonObject().put("items", new JsonArray(list.stream().map(ReportSchedule::toJson).toList())))));
    api.put("/sites/:site/reports").handler(writeGuard).handler(this::schedule);
    api.delete("/sites/:site/reports/:period").handler(writeGuard).handler(this::unschedule);
  }

  private void download(RoutingContext ctx) {
    String site = site(ctx);
    ReportFormat format = ReportFormat.parse(Params.query(ctx, "format") == null ? "pdf" : Params.query(ctx, "format"))
        .orElseThrow(() -> ApiError.badParameter("format", "must be pdf or xlsx"));
    ReportPeriod period = period(Params.query(ctx, "period"), "period");
    Instant from = Params.instant(ctx, "from", null);
    Instant to = Params.instant(ctx, "to", null);
    if ((from == null) != (to == null)) {
      throw ApiError.badParameter(from == null ? "from" : "to", "give both from and to, or neither (with a period)");
    }
    if (from == null && period == null) {
      throw ApiError.badParameter("period", "give a period (day, week or month) or from and to");
    }
    ReportRange asked = from == null ? null : SiteRoutes.validated(() -> ReportRange.of(from, to, period));
    double tariff = Params.number(ctx, "tariff", EnergyLookup.DEFAULT_TARIFF, 0, Tariff.MAX_PRICE);
    String currency = currency(Params.query(ctx, "currency"));
    existing(site)
        .map(zone -> asked != null ? asked : period.lastWhole(ZoneId.of(zone), Instant.now()))
        .compose(range -> reports.build(site, range, tariff, currency))
        .compose(report -> reports.render(report, format).onSuccess(file -> ctx.response()
            .putHeader("Content-Type", format.contentType())
            .putHeader("Content-Disposition", "attachment; filename=\"" + format.fileName(report) + "\"")
            .putHeader("Cache-Control", "no-store")
            .end(file)))
        .onFailure(ctx::fail);
  }

  private void schedule(RoutingContext ctx) {
    String site = site(ctx);
    JsonObject body = Bodies.object(ctx);
    ReportPeriod period = period(Bodies.string(body, "period", 8, true), "period");
    ReportFormat format = ReportFormat.parse(body.getValue("format", "pdf") instanceof String s ? s : "")
        .orElseThrow(() -> ApiError.badParameter("format", "must be pdf or xlsx"));
    if (!(body.getValue("channelId") instanceof Number n) || n.longValue() < 1 || n.doubleValue() != n.longValue()) {
      throw ApiError.badParameter("channelId", "must be the id of an email channel");
    }
    long channelId = ((Number) body.getValue("channelId")).longValue();
    Responses.reply(ctx, existing(site).compose(zone -> channels.get(channelId)).compose(channel -> {
      if (channel.isEmpty() || channel.get().type() != ChannelType.EMAIL) {
        throw ApiError.badParameter("channelId", channel.isEmpty() ? "no channel " + channelId
            : "channel " + channelId + " is a " + channel.get().type().wire() + " channel; reports go by email");
      }
      return schedules.put(site, period, channelId, format).map(ReportSchedule::toJson);
    }));
  }

  private void unschedule(RoutingContext ctx) {
    String site = site(ctx);
    ReportPeriod period = period(ctx.pathParam("period"), "period");
    existing(site).compose(zone -> schedules.delete(site, period)).onSuccess(found -> {
      if (found) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(ApiError.notFound("report schedule " + period.wire() + " of site " + site));
      }
    }).onFailure(ctx::fail);
  }

  private static String site(RoutingContext ctx) {
    return SiteRoutes.validated(() -> Placement.site(ctx.pathParam("site"), "site"));
  }

  /** The site's time zone, or a 404. */
  private Future<String> existing(String site) {
    return reports.timeZone(site).map(zone -> zone.orElseThrow(() -> ApiError.notFound("site " + site)));
  }

  private static ReportPeriod period(String text, String field) {
    return text == null ? null : ReportPeriod.parse(text)
        .orElseThrow(() -> ApiError.badParameter(field, "must be day, week or month"));
  }

  private static String currency(String text) {
    if (text != null && !CURRENCY.matcher(text).matches()) {
      throw ApiError.badParameter("currency", "must be 1 to 8 letters or currency signs");
    }
    return text == null ? "" : text;
  }
}
