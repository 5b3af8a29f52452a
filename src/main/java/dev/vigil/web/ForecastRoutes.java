package dev.vigil.web;

import dev.vigil.alert.Digits;
import dev.vigil.forecast.ForecastQueries;
import dev.vigil.forecast.NextDayForecast;
import dev.vigil.store.DeviceQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** {@code GET /api/devices/{id}/forecast}: the next 24 hours of a device's consumption, or why there is none yet. */
final class ForecastRoutes {

  private final DeviceQueries devices;
  private final ForecastQueries forecasts;
  private final String defaultMetric;

  ForecastRoutes(DeviceQueries devices, ForecastQueries forecasts, String defaultMetric) {
    this.devices = devices;
    this.forecasts = forecasts;
    this.defaultMetric = defaultMetric;
  }

  void mount(Router api) {
    api.get("/devices/:id/forecast").handler(this::forecast);
  }

  private void forecast(RoutingContext ctx) {
    String id = Params.deviceId(ctx, "id");
    String metric = Params.metric(ctx, "metric", defaultMetric);
    Future<JsonObject> answer = DeviceRoutes.existing(devices, id)
        .compose(v -> Future.all(forecasts.latest(id, metric), forecasts.span(id, metric)))
        .map(both -> {
          JsonObject latest = both.resultAt(0);
          java.util.Optional<ForecastQueries.Span> span = both.resultAt(1);
          long days = span.map(s -> Duration.between(s.earliest(), s.latest()).toDays()).orElse(0L);
          JsonArray hours = new JsonArray();
          latest.getJsonArray("hours").forEach(o -> hours.add(rounded((JsonObject) o)));
          return new JsonObject().put("deviceId", id).put("metric", metric).put("basis", latest.getString("basis"))
              .put("historyDays", days).put("historyDaysNeeded", NextDayForecast.MIN_DAYS).put("hours", hours)
              .put("note", hours.isEmpty() ? note(metric, span.isPresent(), days) : null);
        });
    Responses.reply(ctx, answer);
  }

  private static JsonObject rounded(JsonObject hour) {
    return hour.put("expected", Digits.round(hour.getDouble("expected"))).put("low", Digits.round(hour.getDouble("low")))
        .put("high", Digits.round(hour.getDouble("high")));
  }

  private static String note(String metric, boolean any, long days) {
    if (!any) {
      return "no " + metric + " readings from this device yet";
    }
    if (days < NextDayForecast.MIN_DAYS) {
      return "a forecast needs " + NextDayForecast.MIN_DAYS + " days of " + metric + " history; this device has " + days;
    }
    return "no forecast yet: the next forecast round makes it (or the last week has too many gaps)";
  }
}
