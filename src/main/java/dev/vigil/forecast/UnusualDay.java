package dev.vigil.forecast;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/**
 * A day whose measured consumption left the interval its forecast gave: below the sum of the hours' lower
 * bounds, or above the sum of their upper bounds. Only days with most hours both forecast and measured
 * count, so that a day of gaps is not called unusual for what is missing.
 */
public record UnusualDay(String deviceId, LocalDate day, int hours, double actualKwh, double forecastKwh,
    double lowKwh, double highKwh) {

  /** Hours of a day that must be both forecast and measured before the day is judged. */
  public static final int MIN_HOURS = 20;

  /** Whether the measured day lies outside the forecast's interval. */
  public boolean unusual() {
    return hours >= MIN_HOURS && (actualKwh < lowKwh || actualKwh > highKwh);
  }

  public String direction() {
    return actualKwh > highKwh ? "above" : "below";
  }

  public JsonObject toJson() {
    return new JsonObject().put("deviceId", deviceId).put("day", day.toString()).put("hours", hours)
        .put("actualKwh", dev.vigil.alert.Digits.round(actualKwh))
        .put("forecastKwh", dev.vigil.alert.Digits.round(forecastKwh))
        .put("lowKwh", dev.vigil.alert.Digits.round(lowKwh)).put("highKwh", dev.vigil.alert.Digits.round(highKwh))
        .put("direction", direction());
  }
}
