package dev.vigil.forecast;

import java.time.LocalDate;

/**
 * What the forecaster knows about one hour of day D when it forecasts D at midnight before it: the
 * hour and the calendar, and the load up to that midnight, as ratios to yesterday's mean so that one
 * model serves a 30 kW building and a 30 GW grid alike. NaN-free or absent ({@link #of} returns null).
 */
record DayAheadFeatures(double[] values, double yesterdayMean) {

  /** Names, in the order of {@link #values}. */
  static final String[] NAMES = {"hour", "day_of_week", "day_of_year", "yesterday_mean", "same_hour_yesterday",
      "same_hour_last_week", "last_week_mean", "last_week_same_day_mean", "last_known_hour"};

  /** The features of hour {@code hour} (0-23) of {@code day}, from what {@code series} held before the day began. */
  static DayAheadFeatures of(HourlySeries series, LocalDate day, int hour) {
    double yesterday = series.dayMean(day.minusDays(1));
    if (!(yesterday > 0)) {
      return null;
    }
    double weekSum = 0;
    for (int d = 1; d <= 7; d++) {
      weekSum += series.dayMean(day.minusDays(d));
    }
    double[] v = {
        hour,
        day.getDayOfWeek().getValue(),
        day.getDayOfYear(),
        yesterday,
        series.at(day.minusDays(1).atTime(hour, 0)) / yesterday,
        series.at(day.minusDays(7).atTime(hour, 0)) / yesterday,
        weekSum / 7 / yesterday,
        series.dayMean(day.minusDays(7)) / yesterday,
        series.at(day.minusDays(1).atTime(23, 0)) / yesterday,
    };
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return null;
      }
    }
    return new DayAheadFeatures(v, yesterday);
  }
}
