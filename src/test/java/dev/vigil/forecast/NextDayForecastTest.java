package dev.vigil.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NextDayForecastTest {

  private static final LocalDate FIRST = LocalDate.of(2026, 1, 5);

  /** A building: 300 W at night, 1,200 W in office hours on weekdays, a little noise-free ripple. */
  private static double load(LocalDateTime t) {
    boolean weekday = t.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
    boolean office = t.getHour() >= 8 && t.getHour() < 18;
    return (weekday && office ? 1200 : 300) + 20 * Math.sin(t.getHour() / 24.0 * 2 * Math.PI);
  }

  private static HourlySeries building(LocalDateTime lastHour) {
    Map<LocalDateTime, List<Double>> byHour = new TreeMap<>();
    for (LocalDateTime t = FIRST.atStartOfDay(); !t.isAfter(lastHour); t = t.plusHours(1)) {
      byHour.put(t, List.of(load(t)));
    }
    return HourlySeries.of(byHour);
  }

  @Test
  void forecastsTheTwentyFourHoursAfterTheLatestOneWithAnIntervalAroundTheExpectedValue() {
    LocalDateTime latest = FIRST.plusDays(40).atTime(13, 0);
    HourlySeries series = building(latest);

    NextDayForecast.Trained trained = NextDayForecast.train(series, latest.toLocalDate());
    List<NextDayForecast.Hour> hours = trained.next24Hours(series, latest);

    assertThat(trained.reason()).isNull();
    assertThat(hours).hasSize(24);
    assertThat(hours.get(0).start()).isEqualTo(latest.plusHours(1));
    assertThat(hours.get(23).start()).isEqualTo(latest.plusHours(24));
    for (NextDayForecast.Hour h : hours) {
      assertThat(h.low()).isLessThanOrEqualTo(h.expected());
      assertThat(h.high()).isGreaterThanOrEqualTo(h.expected());
      assertThat(h.expected()).as("forecast of %s", h.start()).isCloseTo(load(h.start()), org.assertj.core.data.Percentage.withPercentage(15));
    }
  }

  @Test
  void saysHowMuchHistoryItNeedsWhenItHasLessThanThreeWeeks() {
    LocalDateTime latest = FIRST.plusDays(10).atTime(6, 0);
    HourlySeries series = building(latest);

    NextDayForecast.Trained trained = NextDayForecast.train(series, latest.toLocalDate());

    assertThat(trained.model()).isEmpty();
    assertThat(trained.reason()).isEqualTo("needs 21 days of hourly history, has 10");
    assertThat(trained.next24Hours(series, latest)).isEmpty();
  }

  @Test
  void leavesOutHoursWhoseLastWeekIsAGapInsteadOfBridgingIt() {
    LocalDateTime latest = FIRST.plusDays(40).atTime(23, 0);
    Map<LocalDateTime, List<Double>> byHour = new TreeMap<>();
    for (LocalDateTime t = FIRST.atStartOfDay(); !t.isAfter(latest); t = t.plusHours(1)) {
      boolean gap = t.toLocalDate().equals(latest.toLocalDate().minusDays(6)); // a whole day silent
      if (!gap) {
        byHour.put(t, List.of(load(t)));
      }
    }
    HourlySeries series = HourlySeries.of(byHour);

    List<NextDayForecast.Hour> hours = NextDayForecast.train(series, latest.toLocalDate()).next24Hours(series, latest);

    // Tomorrow's "last week mean" spans the silent day: no forecast rather than one from a made-up week.
    assertThat(hours).isEmpty();
  }
}
