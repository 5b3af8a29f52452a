package dev.vigil.energy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A device in an energy report: its placement, the time zone and tariff of its site (the settings' flat
 * tariff when the site has none, or for a device without site), and its energy series.
 */
public record MeteredDevice(String id, String site, List<String> tags, boolean producer, ZoneId zone, Tariff tariff,
    DeviceSeries series) {

  /** The night of the base load: 00:00 to 05:00 on the device's local clock. */
  static final int NIGHT_END_HOUR = 5;

  /** The cost of each slot (consumption only; production is not priced). */
  double[] slotCosts() {
    Slots s = series.slots();
    double[] cost = new double[s.size()];
    if (!producer) {
      for (int i = 0; i < cost.length; i++) {
        if (s.kwh(i) != 0) {
          cost[i] = s.kwh(i) * tariff.priceAt(LocalDateTime.ofEpochSecond(s.start(i), 0,
              zone.getRules().getOffset(Instant.ofEpochSecond(s.start(i)))));
        }
      }
    }
    return cost;
  }

  /**
   * Consumption (kWh) and its cost in {@code [from, to)} (epoch seconds): what a device used while an alert of
   * it was live. A slot partly inside counts by the share of it inside.
   */
  public double[] consumptionBetween(long from, long to) {
    Slots s = series.slots();
    double[] costs = slotCosts();
    double kwh = 0;
    double cost = 0;
    for (int i = 0; i < s.size() && !producer; i++) {
      long start = Math.max(s.start(i), s.from());
      long end = Math.min(s.start(i) + Slots.SLOT, s.to());
      long inside = Math.min(end, to) - Math.max(start, from);
      if (inside > 0 && end > start) {
        double share = (double) inside / (end - start);
        kwh += s.kwh(i) * share;
        cost += costs[i] * share;
      }
    }
    return new double[] {kwh, cost};
  }

  /** Mean power over the covered night time (kW), NaN when no night was covered. */
  double nightMeanKw() {
    Slots s = series.slots();
    double kwh = 0;
    double seconds = 0;
    for (int i = 0; i < s.size(); i++) {
      int hour = Instant.ofEpochSecond(s.start(i)).atZone(zone).getHour();
      if (hour < NIGHT_END_HOUR) {
        kwh += s.kwh(i);
        seconds += s.coveredSeconds(i);
      }
    }
    return seconds == 0 ? Double.NaN : kwh * 3600 / seconds;
  }
}
