package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TepFiguresTest {

  /** Flags samples [from, to) of 960. */
  private static boolean[] flagged(int from, int to) {
    boolean[] f = new boolean[TepData.TEST];
    for (int i = from; i < to; i++) {
      f[i] = true;
    }
    return f;
  }

  @Test
  void measuresDetectionFalseAlarmsAndDelayPerFaultAndAveragesTheDetectableOnes() {
    List<boolean[]> flags = new ArrayList<>();
    flags.add(flagged(0, 96)); // d00_te: 10% of 960 flagged, 60% of its first 160
    for (int n = 1; n <= 21; n++) {
      // every detectable fault caught from 40 samples after its start: 760 of 800
      flags.add(TepFigures.UNDETECTABLE.contains(n) ? flagged(0, 0) : flagged(200, 960));
    }
    flags.set(1, flagged(150, 960)); // fault 1: 10 false alarms before the fault, caught at once

    TepFigures figures = TepFigures.of(flags);

    assertThat(figures.falseAlarmRate()).isEqualTo(0.1);
    assertThat(figures.falseAlarmRateFirst160()).isEqualTo(0.6);
    TepFigures.Fault one = figures.faults().get(1);
    assertThat(one.detectionRate()).isEqualTo(1.0);
    assertThat(one.falseAlarmRate()).isEqualTo(10 / 160.0);
    assertThat(one.delay()).isZero();
    assertThat(figures.faults().get(3).delay()).isEqualTo(-1);
    assertThat(figures.meanDetectionRate()).isEqualTo((1.0 + 17 * 0.95) / 18, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(figures.meanDelay()).isEqualTo(17 * 40 / 18.0, org.assertj.core.api.Assertions.within(1e-12));
  }
}
