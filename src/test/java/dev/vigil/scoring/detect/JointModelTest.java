package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JointModelTest {

  /** Two metrics that move together (y = x), a third independent one. */
  private static double[][] related(int n, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double x = r.nextGaussian();
      rows[i] = new double[] {10 + x, 5 + 2 * x + 0.01 * r.nextGaussian(), r.nextGaussian()};
    }
    return rows;
  }

  @Test
  void keepsTheComponentsThatExplainTheVarianceAsked() {
    JointModel model = JointModel.fit(related(2000, 1), related(500, 2), 0, 0.9, 0.99).orElseThrow();
    // correlation eigenvalues ~ {2, 1, 0}: two components explain 99.9% of it, one only 67%
    assertThat(model.components()).isEqualTo(2);
  }

  @Test
  void computesHotellingT2AndTheResidualOfKnownPoints() {
    JointModel model = JointModel.fit(related(20000, 1), related(500, 2), 2, 0, 0.99).orElseThrow();
    // at the mean both statistics are 0
    assertThat(model.statistics(new double[] {10, 5, 0})).containsExactly(new double[] {0, 0}, within(1e-2));
    // one deviation along the shared direction (x and y both +1 sd): T^2 = 1^2/2 + 1^2/2 ... ~ 2 / lambda1 = 1
    double[] along = model.statistics(new double[] {11, 7, 0});
    assertThat(along[0]).isCloseTo(1.0, within(0.05));
    assertThat(along[1]).isCloseTo(0.0, within(0.05));
    // x up, y down: off the plane of normal, a large residual Q = (1 - (-1))^2 / 2 = 2
    double[] broken = model.statistics(new double[] {11, 3, 0});
    assertThat(broken[1]).isCloseTo(2.0, within(0.1));
  }

  @Test
  void putsAboutOnePercentOfHeldOutNormalRowsAboveTheLimits() {
    JointModel model = JointModel.fit(related(3000, 1), related(3000, 2), 0, 0.9, 0.99).orElseThrow();
    double[][] fresh = related(20000, 3);
    int above = 0;
    for (double[] row : fresh) {
      above += model.joint(row) > 1 ? 1 : 0;
    }
    // either statistic may cross its own 1% limit: between 1% and 2% of rows
    assertThat(above / (double) fresh.length).isBetween(0.008, 0.03);
  }

  @Test
  void blamesTheMetricsWhoseRelationshipBroke() {
    JointModel model = JointModel.fit(related(3000, 1), related(500, 2), 0, 0.9, 0.99).orElseThrow();
    double[] shares = model.contributions(new double[] {11, 3, 0});
    assertThat(shares[0] + shares[1] + shares[2]).isCloseTo(1.0, within(1e-9));
    assertThat(shares[0] + shares[1]).isGreaterThan(0.9);
  }

  @Test
  void leavesAMetricThatWasConstantWhileFittingOutOfTheModel() {
    double[][] fit = related(1000, 1);
    double[][] calibration = related(300, 2);
    for (double[] row : fit) {
      row[2] = 1.0; // a status flag that never changed during warm-up
    }
    for (double[] row : calibration) {
      row[2] = 1.0;
    }
    JointModel model = JointModel.fit(fit, calibration, 0, 0.9, 0.99).orElseThrow();
    assertThat(model.joint(new double[] {10, 5, 0.0})).isEqualTo(model.joint(new double[] {10, 5, 1.0}));
    assertThat(model.joint(new double[] {11, 3, 1.0})).isGreaterThan(10);
  }

  @Test
  void interpolatesQuantiles() {
    assertThat(JointModel.quantile(new double[] {4, 1, 3, 2, 5}, 0.5)).isEqualTo(3.0);
    assertThat(JointModel.quantile(new double[] {1, 2}, 0.25)).isEqualTo(1.25);
  }
}
