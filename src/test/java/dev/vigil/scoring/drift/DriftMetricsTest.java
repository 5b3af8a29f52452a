package dev.vigil.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftMetricsTest {

  private static double[] gaussian(long seed, int n, double mean, double sd) {
    Random r = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = mean + sd * r.nextGaussian();
    }
    return out;
  }

  @Test
  void findsNoDriftBetweenSamplesOfTheSameDistribution() {
    double[] reference = gaussian(1, 2000, 10, 2);
    double[] recent = gaussian(2, 2000, 10, 2);
    assertThat(DriftMetrics.psi(reference, recent)).isLessThan(0.02);
    assertThat(DriftMetrics.ks(reference, recent)).isLessThan(0.05);
    assertThat(DriftLevel.of(DriftMetrics.psi(reference, recent))).isEqualTo(DriftLevel.NONE);
  }

  @Test
  void findsIdenticalSamplesExactlyEqual() {
    double[] sample = gaussian(3, 500, 0, 1);
    assertThat(DriftMetrics.psi(sample, sample.clone())).isCloseTo(0.0, within(1e-12));
    assertThat(DriftMetrics.ks(sample, sample.clone())).isEqualTo(0.0);
  }

  @Test
  void findsSevereDriftWhenTheMeanMovesByTwoStandardDeviations() {
    double[] reference = gaussian(4, 2000, 10, 2);
    double[] shifted = gaussian(5, 2000, 14, 2);
    double psi = DriftMetrics.psi(reference, shifted);
    assertThat(psi).isGreaterThan(0.5);
    assertThat(DriftLevel.of(psi)).isEqualTo(DriftLevel.SEVERE);
    // KS of N(0,1) vs N(2,1): 2 * Phi(1) - 1 = 0.683
    assertThat(DriftMetrics.ks(reference, shifted)).isCloseTo(0.683, within(0.05));
  }

  @Test
  void computesKolmogorovSmirnovOnHandSizedSamples() {
    // F_a steps at 1,2,3; F_b at 3,4,5: largest gap 2/3 after value 2 (a: 2/3, b: 0), 1 after 3? a=1, b=1/3
    assertThat(DriftMetrics.ks(new double[] {1, 2, 3}, new double[] {3, 4, 5})).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(DriftMetrics.ks(new double[] {1, 2}, new double[] {5, 6})).isEqualTo(1.0);
  }

  @Test
  void gradesPsiAtTheWarningLevels() {
    assertThat(DriftLevel.of(0.09)).isEqualTo(DriftLevel.NONE);
    assertThat(DriftLevel.of(0.1)).isEqualTo(DriftLevel.WARNING);
    assertThat(DriftLevel.of(0.25)).isEqualTo(DriftLevel.SIGNIFICANT);
    assertThat(DriftLevel.of(0.5)).isEqualTo(DriftLevel.SEVERE);
    assertThat(DriftLevel.WARNING.callsForRetrain()).isFalse();
    assertThat(DriftLevel.SIGNIFICANT.callsForRetrain()).isTrue();
  }

  @Test
  void watchReportsEveryMetricOnceACheckIsDue() {
    double[][] reference = {gaussian(6, 600, 0, 1), gaussian(7, 600, 100, 5)};
    DriftWatch watch = new DriftWatch("dev-1|a,b", new String[] {"a", "b"}, reference, 3);
    Random r = new Random(8);
    java.util.List<DriftReport> reports = java.util.List.of();
    for (int i = 0; i < DriftWatch.CHECK_EVERY; i++) {
      reports = watch.observe(new double[] {r.nextGaussian(), 200 + 5 * r.nextGaussian()});
    }
    assertThat(reports).extracting(DriftReport::metric).containsExactly("a", "b");
    assertThat(reports.get(0).level()).isEqualTo(DriftLevel.NONE);
    assertThat(reports.get(1).level()).isEqualTo(DriftLevel.SEVERE);
    assertThat(reports.get(1).deviceId()).isEqualTo("dev-1");
    assertThat(reports.get(1).modelVersion()).isEqualTo(3);
  }

  @Test
  void watchGivesEveryCheckTheFiguresOfAFreshComparisonAndLeavesTheReferenceAsItWas() {
    double[] reference = rounded(gaussian(9, 600, 50, 4));
    double[] untouched = reference.clone();
    DriftWatch watch = new DriftWatch("dev-1|a", new String[] {"a"}, new double[][] {reference}, 1);
    Random r = new Random(10);
    for (int check = 0; check < 3; check++) {
      double[] recent = new double[DriftWatch.RECENT];
      java.util.List<DriftReport> reports = java.util.List.of();
      for (int i = 0; i < DriftWatch.CHECK_EVERY; i++) {
        recent[i] = Math.rint(50 + 2 * check + 4 * r.nextGaussian());
        reports = watch.observe(new double[] {recent[i]});
      }
      assertThat(reports.get(0).psi()).isEqualTo(DriftMetrics.psi(untouched, recent));
      assertThat(reports.get(0).ks()).isEqualTo(DriftMetrics.ks(untouched, recent));
    }
    assertThat(reference).containsExactly(untouched);
  }

  @Test
  void countsValuesOnABinEdgeIntoTheBinBelowWhateverTheirOrder() {
    // deciles of 1..10 put edges at 1..9: each value on an edge goes below it, one value per bin
    double[] reference = {10, 3, 7, 1, 9, 5, 2, 8, 4, 6};
    assertThat(DriftMetrics.reference(reference).shares()).containsOnly(0.1);
    assertThat(DriftMetrics.psi(reference, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).isEqualTo(0.0);
  }

  private static double[] rounded(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.rint(values[i]);
    }
    return out;
  }
}
