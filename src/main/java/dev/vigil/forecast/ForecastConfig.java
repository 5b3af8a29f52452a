package dev.vigil.forecast;

import java.time.Duration;
import java.time.ZoneId;

/**
 * @param metric the consumption metric forecast for each device that reports it (average power, e.g. power_w)
 * @param every  how often the forecasts are brought up to date; zero: no forecasting
 * @param zone   the clock whose days and hours the model learns (a building's day starts at its midnight)
 */
public record ForecastConfig(String metric, Duration every, ZoneId zone) {

  /** The energy metric of the wire contract: what the energy figures integrate is what is forecast. */
  public static final String DEFAULT_METRIC = dev.vigil.store.EnergyQueries.POWER;

  public boolean enabled() {
    return !every.isZero();
  }
}
