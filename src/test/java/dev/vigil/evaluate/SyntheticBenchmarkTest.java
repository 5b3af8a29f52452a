package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluate.SyntheticSeries.Injection;
import dev.vigil.evaluate.SyntheticSeries.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticBenchmarkTest {

  private final SyntheticSeries series = new SyntheticSeries(new double[3000],
      List.of(new Injection(Kind.SPIKE, 100, 100), new Injection(Kind.DRIFT, 1000, 1288)));

  @Test
  void detectionWhileADriftsOffsetStaysIsNotAFalseAlarm() {
    assertThat(SyntheticBenchmark.inEffect(series, 1288 + SyntheticBenchmark.GRACE + 1)).isTrue();
    assertThat(SyntheticBenchmark.inEffect(series, 2999)).isTrue();
    assertThat(SyntheticBenchmark.withinGrace(series, 1288 + SyntheticBenchmark.GRACE + 1)).isFalse();
  }

  @Test
  void detectionBeforeADriftOrAfterASpikesGraceIsAFalseAlarm() {
    assertThat(SyntheticBenchmark.inEffect(series, 999)).isFalse();
    assertThat(SyntheticBenchmark.inEffect(series, 100 + SyntheticBenchmark.GRACE)).isTrue();
    assertThat(SyntheticBenchmark.inEffect(series, 100 + SyntheticBenchmark.GRACE + 1)).isFalse();
  }

  @Test
  void everyGeneratedDriftKeepsItsOffsetToTheEndOfTheSeries() {
    SyntheticSeries drifted = SyntheticSeries.generate(7, 6000, 1500);
    Injection drift = drifted.injections().stream().filter(i -> i.kind() == Kind.DRIFT).findFirst().orElseThrow();
    // the same seed generates the same signal; longer, with every injection past row 6000, the rows before are clean
    double[] clean = SyntheticSeries.generate(7, 6300, 6000).values();
    int after = drift.end() + 100;
    assertThat(drifted.values()[after] - clean[after]).isGreaterThan(0);
    assertThat(drifted.values()[drift.start() - 1] - clean[drift.start() - 1]).isZero();
  }
}
