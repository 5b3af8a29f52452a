package dev.vigil.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.forecast.DayAheadForecaster.HourForecast;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DayAheadForecasterTest {

  private static final LocalDate START = LocalDate.of(2020, 1, 1);
  private static final LocalDate TEST_FROM = START.plusDays(150);
  private static final LocalDate TEST_UNTIL = START.plusDays(220);
  private static HourlySeries series;
  private static DayAheadForecaster forecaster;

  @BeforeAll
  static void trainOnce() {
    series = building(220, 1);
    forecaster = train(series);
  }

  private static DayAheadForecaster train(HourlySeries history) {
    return DayAheadForecaster.train(history, START.plusDays(8), START.plusDays(110), TEST_FROM);
  }

  /** A building: a daily shape, quiet weekends, a level that climbs through the year, noise. */
  private static HourlySeries building(int days, long seed) {
    Random noise = new Random(seed);
    Map<LocalDateTime, List<Double>> rows = new TreeMap<>();
    for (int d = 0; d < days; d++) {
      LocalDate day = START.plusDays(d);
      boolean weekend = day.getDayOfWeek().getValue() >= 6;
      double level = 100 + 0.4 * d;
      for (int h = 0; h < 24; h++) {
        double shape = weekend ? 0.6 : 1 + 0.5 * Math.sin(Math.PI * Math.max(0, h - 6) / 14.0);
        rows.put(day.atTime(h, 0), List.of(level * shape * (1 + 0.02 * noise.nextGaussian())));
      }
    }
    return HourlySeries.of(rows);
  }

  @Test
  void beatsTheSameHourLastWeekOnASeriesWhoseLevelMoves() {

    double vigil = 0;
    double naive = 0;
    int hours = 0;
    for (LocalDate day = TEST_FROM; day.isBefore(TEST_UNTIL); day = day.plusDays(1)) {
      for (int h = 0; h < 24; h++) {
        double actual = series.exactly(day.atTime(h, 0));
        vigil += Math.abs(actual - forecaster.forecast(series, day, h).expected()) / actual;
        naive += Math.abs(actual - series.at(day.minusDays(7).atTime(h, 0))) / actual;
        hours++;
      }
    }
    assertThat(vigil / hours).isLessThan(naive / hours);
  }

  @Test
  void anIntervalHoldsTheForecastAndMostActualValues() {

    int inside = 0;
    int hours = 0;
    for (LocalDate day = TEST_FROM; day.isBefore(TEST_UNTIL); day = day.plusDays(1)) {
      for (int h = 0; h < 24; h++) {
        HourForecast f = forecaster.forecast(series, day, h);
        assertThat(f.low()).isLessThanOrEqualTo(f.expected());
        assertThat(f.high()).isGreaterThanOrEqualTo(f.expected());
        double actual = series.exactly(day.atTime(h, 0));
        inside += actual >= f.low() && actual <= f.high() ? 1 : 0;
        hours++;
      }
    }
    assertThat(inside / (double) hours).isGreaterThan(0.75);
  }

  @Test
  void aDayWithoutAWeekOfHistoryHasNoForecast() {

    assertThat(forecaster.forecast(series, START.plusDays(3), 12).expected()).isNaN();
  }

  @Test
  void theSameHistoryGivesTheSameForecast() {
    double retrained = train(series).forecast(series, TEST_FROM.plusDays(3), 9).expected();

    assertThat(retrained).isEqualTo(forecaster.forecast(series, TEST_FROM.plusDays(3), 9).expected());
  }
}
