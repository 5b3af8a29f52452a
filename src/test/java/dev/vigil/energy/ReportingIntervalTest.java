package dev.vigil.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportingIntervalTest {

  private static List<MinuteRow> every(long seconds, int count, double watts) {
    List<MinuteRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new MinuteRow(i * seconds, 1, watts, watts, watts));
    }
    return rows;
  }

  @Test
  void aDeviceReportingEveryFewSecondsKeepsTheFiveMinuteRule() {
    assertThat(ReportingInterval.maxGapSeconds(every(60, 100, 500))).isEqualTo(300);
  }

  @Test
  void anHourlyMeterIsContinuousAndItsEnergyAddsUp() {
    List<MinuteRow> hourly = every(3600, 25, 2000); // 2 kW read once an hour, for a day and an hour

    long maxGap = ReportingInterval.maxGapSeconds(hourly);
    DeviceSeries series = new PowerIntegrator(maxGap).integrate(hourly, 0, 24 * 3600, 24 * 3600);

    assertThat(maxGap).isEqualTo(3 * 3600);
    assertThat(series.gaps()).isEmpty();
    double kwh = 0;
    for (int i = 0; i < series.slots().size(); i++) {
      kwh += series.slots().kwh(i);
    }
    assertThat(kwh).isCloseTo(48.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aSilenceOfSeveralUsualIntervalsIsStillAGap() {
    List<MinuteRow> rows = new ArrayList<>(every(900, 10, 1000)); // every 15 minutes...
    rows.add(new MinuteRow(9 * 900 + 4 * 3600, 1, 1000, 1000, 1000)); // ...then 4 hours of silence

    long maxGap = ReportingInterval.maxGapSeconds(rows);
    DeviceSeries series = new PowerIntegrator(maxGap).integrate(rows, 0, 9 * 900 + 4 * 3600 + 60, 9 * 900 + 4 * 3600 + 60);

    assertThat(maxGap).isEqualTo(2700);
    assertThat(series.gaps()).hasSize(1);
  }

  @Test
  void neverWaitsMoreThanSixHours() {
    assertThat(ReportingInterval.maxGapSeconds(every(86_400, 10, 100))).isEqualTo(6 * 3600);
  }
}
