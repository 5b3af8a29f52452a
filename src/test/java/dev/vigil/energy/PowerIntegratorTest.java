package dev.vigil.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerIntegratorTest {

  static final long T0 = 1_700_000_100 - 1_700_000_100 % 3600; // on the hour
  private final PowerIntegrator integrator = new PowerIntegrator(300);

  /** One minute row per minute in [fromMinute, toMinute) at {@code watts}. */
  static List<MinuteRow> minutes(int fromMinute, int toMinute, double watts) {
    List<MinuteRow> rows = new ArrayList<>();
    for (int m = fromMinute; m < toMinute; m++) {
      rows.add(new MinuteRow(T0 + m * 60L, 6, watts * 6, watts, watts));
    }
    return rows;
  }

  static double total(DeviceSeries s) {
    double sum = 0;
    for (int i = 0; i < s.slots().size(); i++) {
      sum += s.slots().kwh(i);
    }
    return sum;
  }

  @Test
  void aSteadyKilowattForAnHourIsOneKilowattHour() {
    DeviceSeries s = integrator.integrate(minutes(0, 60, 1000), T0, T0 + 3600, T0 + 3600);
    assertThat(total(s)).isCloseTo(1.0, within(1e-9));
    assertThat(s.gaps()).isEmpty();
    assertThat(s.source()).isEqualTo("power");
  }

  @Test
  void aSilenceLongerThanTheGapRuleCountsNothingAndIsListedAsAGap() {
    List<MinuteRow> rows = minutes(0, 20, 2000);
    rows.addAll(minutes(40, 60, 2000));
    DeviceSeries s = integrator.integrate(rows, T0, T0 + 3600, T0 + 3600);
    assertThat(total(s)).as("40 minutes at 2 kW").isCloseTo(2.0 * 40 / 60, within(1e-9));
    assertThat(s.gaps()).containsExactly(new Gap(T0 + 20 * 60, T0 + 40 * 60, null));
  }

  @Test
  void readingsEveryFewMinutesAreHeldUntilTheNextOne() {
    List<MinuteRow> rows = new ArrayList<>();
    for (int m = 0; m < 60; m += 5) {
      rows.add(new MinuteRow(T0 + m * 60L, 1, 600, 600, 600));
    }
    DeviceSeries s = integrator.integrate(rows, T0, T0 + 3600, T0 + 3600);
    assertThat(total(s)).isCloseTo(0.6, within(1e-9));
    assertThat(s.gaps()).isEmpty();
  }

  @Test
  void noReadingBeforeTheFirstOrAfterTheLastIsAGapToo() {
    DeviceSeries s = integrator.integrate(minutes(10, 50, 1000), T0, T0 + 3600, T0 + 3600);
    assertThat(s.gaps()).containsExactly(new Gap(T0, T0 + 600, null), new Gap(T0 + 3000, T0 + 3600, null));
    assertThat(total(s)).isCloseTo(40.0 / 60, within(1e-9));
  }

  @Test
  void aMinuteBeforeTheRangeHoldsIntoItButCountsOnlyInside() {
    List<MinuteRow> rows = minutes(-1, 60, 3600);
    DeviceSeries s = integrator.integrate(rows, T0, T0 + 3600, T0 + 3600);
    assertThat(total(s)).isCloseTo(3.6, within(1e-9));
    assertThat(s.gaps()).isEmpty();
  }

  @Test
  void nothingReportedIsOneGapOverTheWholeRange() {
    DeviceSeries s = integrator.integrate(List.of(), T0, T0 + 3600, T0 + 1800);
    assertThat(s.source()).isEqualTo("none");
    assertThat(s.gaps()).containsExactly(new Gap(T0, T0 + 1800, null));
  }
}
