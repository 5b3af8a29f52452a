package dev.vigil.energy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The energy of a set of devices over a range, as {@code GET /api/energy} answers it: totals, one row per
 * bucket, and the same figures per device, per tag and per site. Energy and cost are sums over devices, so a
 * site's totals are the sum of its devices'; peak demand (the highest 15-minute mean power of the summed
 * consumption) and self-consumption (per hour, the smaller of production and consumption) are computed on
 * the group itself.
 */
public final class EnergyReport {

  /** How many gaps a device lists (all are counted in gapSeconds). */
  static final int MAX_GAPS_LISTED = 50;

  private final List<MeteredDevice> devices;
  private final long from;
  private final long to;
  private final long end;
  /** Per device (by identity), its slot costs and night mean, computed once for every group it is in. */
  private final Map<MeteredDevice, double[]> costs = new IdentityHashMap<>();
  private final Map<MeteredDevice, Double> nights = new IdentityHashMap<>();

  public EnergyReport(List<MeteredDevice> devices, long from, long to, long end) {
    this.devices = devices;
    this.from = from;
    this.to = to;
    this.end = end;
    for (MeteredDevice d : devices) {
      costs.put(d, d.slotCosts());
      nights.put(d, d.producer() ? Double.NaN : d.nightMeanKw());
    }
  }

  public JsonObject toJson(EnergyBucket bucket, ZoneId zone) {
    JsonArray perDevice = new JsonArray();
    devices.forEach(d -> perDevice.add(deviceJson(d)));
    return new JsonObject()
        .put("from", Instant.ofEpochSecond(from).toString()).put("to", Instant.ofEpochSecond(to).toString())
        .put("bucket", bucket.wire()).put("timeZone", zone.getId())
        .put("totals", figures(devices))
        .put("buckets", buckets(bucket, zone))
        .put("devices", perDevice)
        .put("tags", grouped(d -> d.tags(), "tag"))
        .put("sites", grouped(d -> d.site() == null ? List.of() : List.of(d.site()), "site"));
  }

  private JsonArray grouped(Function<MeteredDevice, List<String>> keys, String name) {
    Map<String, List<MeteredDevice>> groups = new TreeMap<>();
    for (MeteredDevice d : devices) {
      keys.apply(d).forEach(k -> groups.computeIfAbsent(k, x -> new ArrayList<>()).add(d));
    }
    JsonArray out = new JsonArray();
    groups.forEach((k, members) -> out.add(figures(members).put(name, k).put("devices", members.size())));
    return out;
  }

  private JsonObject deviceJson(MeteredDevice d) {
    DeviceSeries s = d.series();
    JsonArray gaps = new JsonArray();
    long gapSeconds = 0;
    for (Gap g : s.gaps()) {
      gapSeconds += g.seconds();
      if (gaps.size() < MAX_GAPS_LISTED) {
        gaps.add(new JsonObject().put("from", Instant.ofEpochSecond(g.from()).toString())
            .put("to", Instant.ofEpochSecond(g.to()).toString()).put("kwh", g.kwh() == null ? null : kwh(g.kwh())));
      }
    }
    return figures(List.of(d)).put("id", d.id()).put("site", d.site()).put("tags", new JsonArray(d.tags()))
        .put("energyRole", d.producer() ? "producer" : "consumer").put("source", s.source())
        .put("tariff", d.tariff().toJson()).put("counterResets", s.counterResets())
        .put("gapSeconds", gapSeconds).put("gapCount", s.gaps().size()).put("gaps", gaps);
  }

  /** Energy, cost, peak, base load, self-consumption and coverage of {@code group}. */
  private JsonObject figures(List<MeteredDevice> group) {
    double consumption = 0;
    double production = 0;
    double cost = 0;
    double base = Double.NaN;
    double covered = 0;
    for (MeteredDevice d : group) {
      Slots s = d.series().slots();
      double[] slotCosts = costs.get(d);
      for (int i = 0; i < s.size(); i++) {
        if (d.producer()) {
          production += s.kwh(i);
        } else {
          consumption += s.kwh(i);
        }
        cost += slotCosts[i];
        covered += s.coveredSeconds(i);
      }
      double night = nights.get(d);
      if (!Double.isNaN(night)) {
        base = Double.isNaN(base) ? night : base + night;
      }
    }
    double self = selfConsumed(group);
    long span = Math.max(1, end - from);
    return new JsonObject().put("consumptionKwh", kwh(consumption)).put("productionKwh", kwh(production))
        .put("selfConsumedKwh", kwh(self))
        .put("selfConsumptionShare", production > 0 ? Math.round(self / production * 10_000) / 10_000.0 : null)
        .put("cost", money(cost)).put("peak", peak(group))
        .put("baseLoadKw", Double.isNaN(base) ? null : kwh(base))
        .put("coverage", group.isEmpty() ? null : Math.round(covered / (span * group.size()) * 10_000) / 10_000.0);
  }

  /** Per hour (four slots), the smaller of production and consumption, summed. */
  private double selfConsumed(List<MeteredDevice> group) {
    if (group.stream().noneMatch(MeteredDevice::producer)) {
      return 0;
    }
    int n = group.get(0).series().slots().size();
    double self = 0;
    for (int h = 0; h < n; h += 4) {
      double produced = 0;
      double consumed = 0;
      for (MeteredDevice d : group) {
        for (int i = h; i < Math.min(n, h + 4); i++) {
          double k = d.series().slots().kwh(i);
          if (d.producer()) {
            produced += k;
          } else {
            consumed += k;
          }
        }
      }
      self += Math.min(produced, consumed);
    }
    return self;
  }

  /** The highest 15-minute mean of the group's summed consumption, in kW, and when its slot began. */
  private JsonObject peak(List<MeteredDevice> group) {
    double best = Double.NaN;
    long at = 0;
    int n = devices.isEmpty() ? 0 : devices.get(0).series().slots().size();
    for (int i = 0; i < n; i++) {
      double sum = Double.NaN;
      for (MeteredDevice d : group) {
        double kw = d.producer() ? Double.NaN : d.series().slots().meanKw(i);
        if (!Double.isNaN(kw)) {
          sum = Double.isNaN(sum) ? kw : sum + kw;
        }
      }
      if (!Double.isNaN(sum) && (Double.isNaN(best) || sum > best)) {
        best = sum;
        at = devices.get(0).series().slots().start(i);
      }
    }
    return Double.isNaN(best) ? null : new JsonObject().put("kw", kwh(best)).put("at", Instant.ofEpochSecond(at).toString());
  }

  /** Per bucket: consumption, production, cost, and the share of the bucket (up to now) readings covered. */
  private JsonArray buckets(EnergyBucket bucket, ZoneId zone) {
    Map<Long, double[]> rows = new TreeMap<>();
    for (MeteredDevice d : devices) {
      Slots s = d.series().slots();
      double[] slotCosts = costs.get(d);
      for (int i = 0; i < s.size(); i++) {
        double[] row = rows.computeIfAbsent(bucket.startOf(Math.max(s.start(i), from), zone), k -> new double[5]);
        row[d.producer() ? 1 : 0] += s.kwh(i);
        row[2] += slotCosts[i];
        row[3] += s.coveredSeconds(i);
        row[4] += Math.max(0, Math.min(s.start(i) + Slots.SLOT, end) - Math.max(s.start(i), from));
      }
    }
    JsonArray out = new JsonArray();
    rows.forEach((start, row) -> out.add(new JsonObject().put("start", Instant.ofEpochSecond(start).toString())
        .put("consumptionKwh", kwh(row[0])).put("productionKwh", kwh(row[1])).put("cost", money(row[2]))
        .put("coverage", row[4] == 0 ? null : Math.round(row[3] / row[4] * 10_000) / 10_000.0)));
    return out;
  }

  /** kWh and kW to the watt-hour. */
  static double kwh(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double money(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
