package dev.vigil.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How one metric of a device kind behaves: {@code base + daily * profile(hour) * weekFactor +
 * ratio * follows + noise}. The daily profile is either Gaussian bumps at {@code peaks} (hours,
 * e.g. the morning and evening load of a home) or a smooth cosine peaking at {@code peakHour}.
 * {@code weekend} scales the daily part on Saturdays and Sundays (a factory idles, a home works
 * harder). {@code follows} names an earlier metric this one is proportional to (current follows
 * power), so correlated metrics stay correlated, also when the one they follow misbehaves.
 */
public record MetricSpec(String name, double base, double daily, List<Double> peaks, double peakHour,
    double peakWidth, double weekend, double noise, String follows, double ratio, double min, double max,
    int decimals, boolean anomalies) {

  static MetricSpec fromJson(JsonObject json) {
    JsonArray peaks = json.getJsonArray("peaks", new JsonArray());
    String name = json.getString("name");
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("metric name must match [A-Za-z0-9_.-]{1,64}, was '" + name + "'");
    }
    return new MetricSpec(name, json.getDouble("base", 0.0), json.getDouble("daily", 0.0),
        peaks.stream().map(p -> ((Number) p).doubleValue()).toList(), json.getDouble("peakHour", 14.0),
        json.getDouble("peakWidth", 1.5), json.getDouble("weekend", 1.0), json.getDouble("noise", 0.0),
        json.getString("follows"), json.getDouble("ratio", 0.0),
        json.getDouble("min", Double.NEGATIVE_INFINITY), json.getDouble("max", Double.POSITIVE_INFINITY),
        json.getInteger("decimals", 2), json.getBoolean("anomalies", true));
  }

  /** The clean value at a time of day, before noise and anomalies; {@code followed} may be 0. */
  double cleanValue(double hourOfDay, boolean weekendDay, double followed) {
    double dailyPart = daily * dailyProfile(hourOfDay) * (weekendDay ? weekend : 1.0);
    return base + dailyPart + ratio * followed;
  }

  /** A typical size of this metric's movements: what a spike or drift is measured in. */
  double spread() {
    return Math.max(noise * 6, 0.35 * (Math.abs(base) + Math.abs(daily)));
  }

  double clamp(double value) {
    return Math.max(min, Math.min(max, value));
  }

  double round(double value) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** Between 0 and 1: how far into its daily high this metric is at the given hour. */
  double dailyProfile(double hour) {
    if (peaks.isEmpty()) {
      return 0.5 * (1 + Math.cos(2 * Math.PI * (hour - peakHour) / 24.0));
    }
    double profile = 0;
    for (double peak : peaks) {
      double distance = Math.abs(hour - peak);
      distance = Math.min(distance, 24 - distance);
      profile = Math.max(profile, Math.exp(-0.5 * Math.pow(distance / peakWidth, 2)));
    }
    return profile;
  }
}
