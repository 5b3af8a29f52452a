package dev.vigil.report;

import dev.vigil.alert.Alert;
import dev.vigil.energy.EnergyLookup;
import dev.vigil.energy.MeteredDevice;
import dev.vigil.forecast.UnusualDay;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a site's report says, whatever it is rendered as. Every energy figure is read from
 * {@code GET /api/energy}'s answer for the same site, range and tariff (one computation); alerts add the energy
 * their device used while they were live, from the same integrated devices.
 *
 * @param currency    put before costs (may be empty); costs are in the tariff's money
 * @param unusualDays device-days whose consumption left the forecast's interval
 * @param forecastDays per day, the site's measured consumption beside the sum of its devices' forecasts
 */
public record SiteReport(String site, String title, Instant from, Instant to, String timeZone, String bucket,
    String currency, Totals totals, List<BucketRow> buckets, List<DeviceRow> devices, List<AlertRow> alerts,
    List<UnusualDay> unusualDays, List<DayRow> forecastDays, Instant generatedAt) {

  /** Peak and base load are null when the range holds no full 15 minutes or no night. */
  public record Totals(double consumptionKwh, double productionKwh, double cost, Double peakKw, Instant peakAt,
      Double baseLoadKw, Double coverage) {
  }

  public record BucketRow(Instant start, double consumptionKwh, double productionKwh, double cost) {
  }

  /** @param share of the site's consumption (0 for a producer or an idle site) */
  public record DeviceRow(String id, String role, double consumptionKwh, double productionKwh, double cost,
      Double peakKw, double share) {
  }

  /** @param kwh what the alert's device consumed in the range while the alert was live, and its {@code cost} */
  public record AlertRow(long id, String deviceId, String kind, String metric, String severity, Instant openedAt,
      Instant clearedAt, String message, double kwh, double cost) {
  }

  public record DayRow(LocalDate day, double actualKwh, double forecastKwh, double lowKwh, double highKwh) {
  }

  static SiteReport of(String site, ReportRange range, EnergyLookup.Answer answer, List<Alert> alerts, String currency,
      Instant generatedAt) {
    JsonObject json = answer.json();
    JsonObject t = json.getJsonObject("totals");
    JsonObject peak = t.getJsonObject("peak");
    Totals totals = new Totals(t.getDouble("consumptionKwh"), t.getDouble("productionKwh"), t.getDouble("cost"),
        peak == null ? null : peak.getDouble("kw"), peak == null ? null : Instant.parse(peak.getString("at")),
        t.getDouble("baseLoadKw"), t.getDouble("coverage"));
    List<BucketRow> buckets = json.getJsonArray("buckets").stream().map(JsonObject.class::cast)
        .map(b -> new BucketRow(Instant.parse(b.getString("start")), b.getDouble("consumptionKwh"),
            b.getDouble("productionKwh"), b.getDouble("cost"))).toList();
    List<DeviceRow> devices = json.getJsonArray("devices").stream().map(JsonObject.class::cast)
        .map(d -> device(d, totals.consumptionKwh())).toList();
    return new SiteReport(site, range.title(), range.from(), range.to(), json.getString("timeZone"),
        json.getString("bucket"), currency == null ? "" : currency, totals, buckets, devices,
        alertRows(alerts, answer.devices(), range), answer.comparedDays().stream().filter(UnusualDay::unusual).toList(),
        forecastDays(answer.comparedDays()), generatedAt);
  }

  /** Consumers by consumption, highest first: the report's top consumers. */
  public List<DeviceRow> topConsumers(int n) {
    return devices.stream().filter(d -> d.role().equals("consumer"))
        .sorted(Comparator.comparingDouble(DeviceRow::consumptionKwh).reversed()).limit(n).toList();
  }

  /** The energy cost of every alert in the report. */
  public double alertsCost() {
    return alerts.stream().mapToDouble(AlertRow::cost).sum();
  }

  private static DeviceRow device(JsonObject d, double siteKwh) {
    JsonObject peak = d.getJsonObject("peak");
    double kwh = d.getDouble("consumptionKwh");
    return new DeviceRow(d.getString("id"), d.getString("energyRole"), kwh, d.getDouble("productionKwh"),
        d.getDouble("cost"), peak == null ? null : peak.getDouble("kw"), siteKwh > 0 ? round(kwh / siteKwh, 4) : 0);
  }

  private static List<AlertRow> alertRows(List<Alert> alerts, List<MeteredDevice> devices, ReportRange range) {
    Map<String, MeteredDevice> byId = new TreeMap<>();
    devices.forEach(d -> byId.put(d.id(), d));
    List<AlertRow> rows = new ArrayList<>();
    for (Alert a : alerts) {
      MeteredDevice d = byId.get(a.deviceId());
      long from = Math.max(a.openedAt().getEpochSecond(), range.from().getEpochSecond());
      Instant until = a.clearedAt() == null ? range.to() : a.clearedAt();
      long to = Math.min(until.getEpochSecond(), range.to().getEpochSecond());
      double[] used = d == null ? new double[2] : d.consumptionBetween(from, to);
      rows.add(new AlertRow(a.id(), a.deviceId(), a.kind(), a.metric(), a.severity(), a.openedAt(), a.clearedAt(),
          a.message(), round(used[0], 3), round(used[1], 4)));
    }
    return rows;
  }

  private static List<DayRow> forecastDays(List<UnusualDay> compared) {
    Map<LocalDate, double[]> days = new TreeMap<>();
    for (UnusualDay d : compared) {
      double[] sum = days.computeIfAbsent(d.day(), k -> new double[4]);
      sum[0] += d.actualKwh();
      sum[1] += d.forecastKwh();
      sum[2] += d.lowKwh();
      sum[3] += d.highKwh();
    }
    List<DayRow> rows = new ArrayList<>();
    days.forEach((day, s) -> rows.add(new DayRow(day, round(s[0], 3), round(s[1], 3), round(s[2], 3), round(s[3], 3))));
    return rows;
  }

  static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
