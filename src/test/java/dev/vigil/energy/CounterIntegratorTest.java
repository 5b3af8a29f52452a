package dev.vigil.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterIntegratorTest {

  static final long T0 = PowerIntegratorTest.T0;
  private final CounterIntegrator integrator = new CounterIntegrator(300);

  /** A counter rising by {@code perMinute} kWh a minute from {@code start}, read once at the start of each minute. */
  static List<MinuteRow> rising(int fromMinute, int toMinute, double start, double perMinute) {
    List<MinuteRow> rows = new ArrayList<>();
    for (int m = fromMinute; m < toMinute; m++) {
      double v = start + (m - fromMinute) * perMinute;
      rows.add(new MinuteRow(T0 + m * 60L, 1, v, v, v));
    }
    return rows;
  }

  @Test
  void theCounterIsUsedAsIs() {
    DeviceSeries s = integrator.integrate(null, rising(0, 61, 1000, 0.5), T0, T0 + 3600, T0 + 3600);
    assertThat(PowerIntegratorTest.total(s)).isCloseTo(30.0, within(1e-9));
    assertThat(s.counterResets()).isZero();
    assertThat(s.source()).isEqualTo("counter");
  }

  @Test
  void aResetCountsTheNewValueFromZeroNotANegativeJump() {
    List<MinuteRow> rows = rising(0, 30, 5000, 1);   // 5000 .. 5029
    rows.addAll(rising(30, 61, 2, 1));                // reset: 2 .. 32
    DeviceSeries s = integrator.integrate(null, rows, T0, T0 + 3600, T0 + 3600);
    // 29 before, 2 across the reset (0 -> 2), 30 after.
    assertThat(PowerIntegratorTest.total(s)).isCloseTo(61.0, within(1e-9));
    assertThat(s.counterResets()).isEqualTo(1);
  }

  @Test
  void aResetWithinAMinuteCountsFromZeroToTheMinutesLastValue() {
    List<MinuteRow> rows = List.of(new MinuteRow(T0, 3, 0, 800, 800), new MinuteRow(T0 + 60, 3, 0, 800, 3));
    DeviceSeries s = integrator.integrate(null, rows, T0, T0 + 3600, T0 + 120);
    assertThat(PowerIntegratorTest.total(s)).isCloseTo(3.0, within(1e-9));
    assertThat(s.counterResets()).isEqualTo(1);
  }

  @Test
  void theIncreaseAcrossAGapIsKeptSpreadOverItAndTheGapIsMarkedWithIt() {
    List<MinuteRow> rows = rising(0, 11, 100, 1);     // 100 .. 110 over 10 minutes
    rows.addAll(rising(40, 51, 140, 1));              // 30 minutes later at 140 .. 150
    DeviceSeries s = integrator.integrate(null, rows, T0, T0 + 3600, T0 + 51 * 60);
    assertThat(PowerIntegratorTest.total(s)).isCloseTo(50.0, within(1e-9));
    assertThat(s.gaps()).containsExactly(new Gap(T0 + 11 * 60, T0 + 40 * 60, 30.0));
  }

  @Test
  void aGapAcrossTheStartOfTheRangeCountsTheShareOfTheRiseThatFallsInside() {
    MinuteRow before = new MinuteRow(T0 - 600, 1, 90, 90, 90);
    DeviceSeries s = integrator.integrate(before, rising(10, 20, 100, 1), T0, T0 + 3600, T0 + 1200);
    // 10 kWh spread over [T0 - 540, T0 + 600): 600 of its 1,140 seconds are inside; then 9 kWh in minutes 10..19.
    assertThat(PowerIntegratorTest.total(s)).isCloseTo(10.0 * 600 / 1140 + 9, within(1e-9));
    assertThat(s.gaps()).containsExactly(new Gap(T0, T0 + 600, 10.0 * 600 / 1140));
  }
}
