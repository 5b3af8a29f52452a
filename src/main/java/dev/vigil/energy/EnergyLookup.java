package dev.vigil.energy;

import dev.vigil.forecast.ForecastQueries;
import dev.vigil.forecast.UnusualDay;
import dev.vigil.store.EnergyQueries;
import dev.vigil.store.EnergyQueries.Selected;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The one computation of energy figures: what {@code GET /api/energy} answers and what a site's report
 * (dev.vigil.report) is made of. Reads the minute rollups of the selected devices; the integration runs on a
 * worker thread, never on the event loop. A selection past its bounds fails with {@link InvalidEnergyInput}.
 */
public final class EnergyLookup {

  public static final int MAX_DEVICES = 500;
  /** The price of a kWh for devices whose site has no tariff, when the caller names none. */
  public static final double DEFAULT_TARIFF = 0.30;
  /** Devices x 15-minute slots in one answer: 100 devices over 400 days. */
  public static final long MAX_DEVICE_SLOTS = 100L * 400 * 96;

  /** What to compute: a site, tag or device (null: no filter), range, bucket, zone (null: the site's), flat tariff. */
  public record Ask(String site, String tag, String device, Instant from, Instant to, EnergyBucket bucket, String tz,
      double tariff) {
  }

  /**
   * {@code json}: /api/energy's answer; {@code devices}: the integrated devices behind it; {@code comparedDays}:
   * per device and day of the range, measured consumption beside its forecast (the unusual ones are in the JSON).
   */
  public record Answer(JsonObject json, List<MeteredDevice> devices, List<UnusualDay> comparedDays) {
  }

  private final EnergyQueries queries;
  private final ForecastQueries forecasts;
  private final String forecastMetric;
  private final Vertx vertx;

  public EnergyLookup(EnergyQueries queries, ForecastQueries forecasts, String forecastMetric, Vertx vertx) {
    this.queries = queries;
    this.forecasts = forecasts;
    this.forecastMetric = forecastMetric;
    this.vertx = vertx;
  }

  public Future<Answer> lookup(Ask ask) {
    return queries.devices(ask.site(), ask.tag(), ask.device(), MAX_DEVICES + 1).compose(devices -> {
      if (devices.size() > MAX_DEVICES) {
        throw new InvalidEnergyInput("site", "selects more than " + MAX_DEVICES + " devices; filter by site or tag");
      }
      long slots = Duration.between(ask.from(), ask.to()).toSeconds() / Slots.SLOT + 1;
      if (slots * devices.size() > MAX_DEVICE_SLOTS) {
        throw new InvalidEnergyInput("to", "too long a range for " + devices.size() + " devices; narrow it or filter");
      }
      return answer(ask, devices);
    });
  }

  private Future<Answer> answer(Ask ask, List<Selected> devices) {
    List<String> ids = devices.stream().map(Selected::id).toList();
    // Far enough back that the last reading before the range carries into it, however sparse the device.
    Instant powerFrom = ask.from().minusSeconds(ReportingInterval.MAX_GAP_SECONDS);
    Future<Map<String, List<MinuteRow>>> power = queries.minutes(ids, EnergyQueries.POWER, powerFrom, ask.to());
    Future<Map<String, List<MinuteRow>>> counter = queries.minutes(ids, EnergyQueries.COUNTER, ask.from(), ask.to());
    Future<Map<String, MinuteRow>> before = queries.lastBefore(ids, EnergyQueries.COUNTER, ask.from());
    Future<List<UnusualDay>> compared = forecasts.comparedDays(ids, forecastMetric, ask.from(), ask.to(),
        zone(ask, devices));
    // The forecast of what the selection will use next: from the range's end, or from now when it ends later.
    Instant forecastFrom = ask.to().isBefore(Instant.now()) ? ask.to() : Instant.now().truncatedTo(ChronoUnit.HOURS);
    Future<JsonObject> ahead = forecasts.summed(ids, forecastMetric, forecastFrom);
    return Future.all(power, counter, before, compared, ahead).compose(done -> vertx.executeBlocking(() -> {
      List<MeteredDevice> metered = metered(ask, devices, power.result(), counter.result(), before.result());
      long end = Math.min(ask.to().getEpochSecond(), Instant.now().getEpochSecond());
      JsonObject json = new EnergyReport(metered, ask.from().getEpochSecond(), ask.to().getEpochSecond(), end)
          .toJson(ask.bucket(), zone(ask, devices));
      return new Answer(json, metered, compared.result());
    }, false)).map(answer -> {
      answer.json().put("unusualConsumption", new JsonArray(answer.comparedDays().stream().filter(UnusualDay::unusual)
          .map(UnusualDay::toJson).toList())).put("forecast", ahead.result());
      return answer;
    });
  }

  private static List<MeteredDevice> metered(Ask ask, List<Selected> devices, Map<String, List<MinuteRow>> power,
      Map<String, List<MinuteRow>> counter, Map<String, MinuteRow> before) {
    long from = ask.from().getEpochSecond();
    long to = ask.to().getEpochSecond();
    long end = Math.min(to, Instant.now().getEpochSecond());
    Tariff flat = Tariff.flat(ask.tariff());
    return devices.stream().map(d -> {
      List<MinuteRow> counts = counter.getOrDefault(d.id(), List.of());
      List<MinuteRow> powers = power.getOrDefault(d.id(), List.of());
      DeviceSeries series = counts.isEmpty()
          ? new PowerIntegrator(ReportingInterval.maxGapSeconds(powers)).integrate(powers, from, to, end)
          : new CounterIntegrator(ReportingInterval.maxGapSeconds(counts))
              .integrate(before.get(d.id()), counts, from, to, end);
      ZoneId zone = d.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(d.timeZone());
      Tariff tariff = d.tariff() == null ? flat : Tariff.fromJson(d.tariff());
      return new MeteredDevice(d.id(), d.site(), d.tags(), d.producer(), zone, tariff, series);
    }).toList();
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
