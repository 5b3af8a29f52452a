package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TepEvaluationTest {

  /** Scores of one file: normal samples at {@code normal}, faulty ones at {@code faulty}. */
  private static double[] file(int n, double normal, double faulty) {
    double[] s = new double[TepData.TEST];
    for (int i = 0; i < s.length; i++) {
      s[i] = n > 0 && i >= TepData.FAULT_START ? faulty : normal;
    }
    return s;
  }

  @Test
  void choosesTheThresholdThatDetectsMostWhileFlaggingAtMostFivePercentOfNormalSamples() {
    List<double[]> scores = new ArrayList<>();
    for (int n = 0; n <= 21; n++) {
      scores.add(file(n, 0.5, 0.9));
    }
    // a few normal samples of d00_te score high: 3% of them at 0.97, which the threshold may flag
    double[] normal = scores.get(0);
    for (int i = 0; i < 29; i++) {
      normal[i * 30] = 0.97;
    }
    double threshold = TepEvaluation.chooseThreshold(scores, new KFold(5), 1);
    assertThat(threshold).isGreaterThan(0.5).isLessThanOrEqualTo(0.9);
  }

  @Test
  void refusesAThresholdThatFlagsMoreThanFivePercentOfNormalSamples() {
    List<double[]> scores = new ArrayList<>();
    for (int n = 0; n <= 21; n++) {
      scores.add(file(n, n % 2 == 0 ? 0.95 : 0.5, 0.9)); // half the files' normal samples above the faults
    }
    double threshold = TepEvaluation.chooseThreshold(scores, new KFold(5), 0);
    assertThat(threshold).isGreaterThan(0.95);
  }
}
