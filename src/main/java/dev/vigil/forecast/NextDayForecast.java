package dev.vigil.forecast;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 24 hours after a series' latest hour, forecast live the way {@code evaluate --forecast} measures
 * it: a {@link DayAheadForecaster} trained on the complete days before the latest one forecasts the
 * rest of that day; those values stand in for the hours not yet known, and the same model then
 * forecasts the next day up to the same hour. Pure CPU work: call it off any event loop.
 */
public final class NextDayForecast {

  /** A week of lags before the first day it can learn from, a week to learn from, a week to calibrate. */
  public static final int MIN_DAYS = 21;
  /** Days of history the live model learns from at most: a year covers every season and keeps training short. */
  static final int MAX_DAYS = 365;
  static final int CALIBRATION_DAYS = 7;

  private NextDayForecast() {
  }

  /** One forecast hour on the series' clock. */
  public record Hour(LocalDateTime start, double expected, double low, double high) {
  }

  /**
   * Trains on the complete days of {@code series} before {@code day} (the day of its latest hour), or says
   * why it cannot: too little history, or too many gaps to find a complete week.
   */
  public static Trained train(HourlySeries series, LocalDate day) {
    long days = ChronoUnit.DAYS.between(series.first().toLocalDate(), day);
    if (days < MIN_DAYS) {
      return Trained.refused(days, "needs " + MIN_DAYS + " days of hourly history, has " + days);
    }
    LocalDate from = series.first().toLocalDate().plusDays(1).isAfter(day.minusDays(MAX_DAYS))
        ? series.first().toLocalDate().plusDays(1) : day.minusDays(MAX_DAYS);
    try {
      return new Trained(Optional.of(DayAheadForecaster.train(series, from, day.minusDays(CALIBRATION_DAYS), day)),
          day, days, null);
    } catch (IllegalArgumentException e) {
      return Trained.refused(days, "too many gaps in the hourly history: " + e.getMessage());
    }
  }

  /** A model for the days after {@link #day}, or the reason there is none. */
  public record Trained(Optional<DayAheadForecaster> model, LocalDate day, long daysOfHistory, String reason) {

    static Trained refused(long days, String reason) {
      return new Trained(Optional.empty(), null, days, reason);
    }

    /**
     * The hours after {@code latest} (the series' latest hour, on {@link #day}) up to 24 hours ahead;
     * hours whose features are missing (gaps in the last week) are left out.
     */
    public List<Hour> next24Hours(HourlySeries series, LocalDateTime latest) {
      if (model.isEmpty()) {
        return List.of();
      }
      DayAheadForecaster forecaster = model.get();
      List<Hour> hours = new ArrayList<>();
      Map<LocalDateTime, Double> standIns = new HashMap<>();
      for (int h = 0; h < 24; h++) {
        LocalDateTime start = day.atTime(h, 0);
        DayAheadForecaster.HourForecast f = forecaster.forecast(series, day, h);
        if (Double.isFinite(f.expected())) {
          standIns.put(start, f.expected());
          if (start.isAfter(latest)) {
            hours.add(new Hour(start, f.expected(), f.low(), f.high()));
          }
        }
      }
      HourlySeries withToday = series.withMissingHours(standIns);
      LocalDate next = day.plusDays(1);
      for (int h = 0; h <= latest.getHour(); h++) {
        DayAheadForecaster.HourForecast f = forecaster.forecast(withToday, next, h);
        if (Double.isFinite(f.expected())) {
          hours.add(new Hour(next.atTime(h, 0), f.expected(), f.low(), f.high()));
        }
      }
      return hours;
    }
  }
}
